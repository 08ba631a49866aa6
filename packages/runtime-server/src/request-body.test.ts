import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { HttpProblem } from './problem.ts';
import { mediaMatcher, readOperationBody } from './request-body.ts';

describe('mediaMatcher', () => {
  const media = mediaMatcher(['application/json', 'application/merge-patch+json', 'text/*']);
  it.each([
    ['application/json', 'application/json'],
    ['Application/JSON; charset=utf-8', 'application/json'],
    ['application/merge-patch+json', 'application/merge-patch+json'],
    ['text/csv', 'text/*'],
    ['application/xml', undefined],
    ['not a media type', undefined],
  ])('%s → %s', (contentType, want) => {
    expect(media.match(contentType)).toBe(want);
  });
  it('knows JSON from the declared type, or the actual one behind a range', () => {
    expect([
      media.isJson('application/json', 'application/json'),
      media.isJson('text/*', 'text/csv'),
      mediaMatcher(['*/*']).isJson('*/*', 'application/x+json'),
    ]).toEqual([true, false, true]);
  });
});

describe('readOperationBody', () => {
  const limits = { maxBytes: 100, maxDepth: 8, timeoutMs: 1000 };
  const app = new Hono();
  app.post('/', async (c) => {
    try {
      return c.json({ read: await readOperationBody(c, mediaMatcher(['application/json', 'text/plain']), limits) });
    } catch (error) {
      if (error instanceof HttpProblem) return c.json({ problem: error.problem.status });
      throw error;
    }
  });
  const post = async (body: string | Uint8Array | undefined, contentType?: string) =>
    (await (
      await app.request('/', {
        method: 'POST',
        ...(body === undefined ? {} : { body }),
        headers: contentType ? { 'content-type': contentType } : {},
      })
    ).json()) as Record<string, unknown>;
  it.each([
    [
      'JSON, parsed',
      ['{"a":[1]}', 'application/json'],
      { read: { present: true, text: '{"a":[1]}', value: { a: [1] }, mediaType: 'application/json' } },
    ],
    [
      'text, kept as text',
      ['hello', 'text/plain; charset=utf-8'],
      { read: { present: true, text: 'hello', value: 'hello', mediaType: 'text/plain' } },
    ],
    ['no body', [undefined, undefined], { read: { present: false } }],
    ['an empty body', ['', 'application/json'], { read: { present: false } }],
    ['an undeclared media type → 415', ['<a/>', 'application/xml'], { problem: 415 }],
    ['no content type → 415', [new TextEncoder().encode('{}'), undefined], { problem: 415 }],
    ['too large → 413', [`"${'x'.repeat(200)}"`, 'application/json'], { problem: 413 }],
    ['too deep → 400', ['[[[[[[[[[[]]]]]]]]]]', 'application/json'], { problem: 400 }],
  ] as const)('%s', async (_name, [body, contentType], want) => {
    expect(await post(body, contentType)).toEqual(want);
  });
});
