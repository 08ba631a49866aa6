import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrokerApp, type BrokerApp } from '../src/app.ts';
import { openDb, type Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrations.ts';
import { pactJson, publishBody } from './pacts-fixtures.ts';
import { ENGINES, testStore } from './support.ts';

/**
 * Bad input: malformed pacts, huge and deep bodies, hostile names and paths, wrong tokens → a 4xx
 * with a problem body, never a 5xx and never a stack; then a small property-based fuzz of the
 * publish and pacticipant routes. On the app itself (no socket), on both stores.
 */
const WRITE = 'bad-input-writer';
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** The publish body of a pact whose content is `content` (already a string: possibly not JSON at all). */
function publishWithContent(content: string, names: { consumer?: string; provider?: string } = {}): Record<string, unknown> {
  const body = publishBody(pactJson('web-app', 'orders-api'), '1.0.0');
  const contract = (body.contracts as Record<string, unknown>[])[0]!;
  return {
    ...body,
    pacticipantName: names.consumer ?? 'web-app',
    contracts: [{ ...contract, consumerName: names.consumer ?? 'web-app', providerName: names.provider ?? 'orders-api', content }],
  };
}

/** A pact (as text) with hostile names inside. */
const pactText = (consumer: string, provider: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ...pactJson(consumer, provider), ...extra });

describe.each(ENGINES)('bad input on %s', (engine) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: BrokerApp;
  beforeAll(async () => {
    const store = await testStore(engine);
    drop = store.drop;
    db = await openDb(store.location);
    await migrate(db);
    app = createBrokerApp({ db, auth: { writeTokens: [WRITE] }, limits: { maxBodyBytes: 2 * 1024 * 1024 } });
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  const send = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${WRITE}`, 'content-type': 'application/json', ...headers },
      ...(body !== undefined ? { body } : {}),
    });

  /** The answer is a 4xx problem: status, title and detail, no stack, no SQL. */
  async function expectProblem(response: Response, status?: number): Promise<Record<string, unknown>> {
    const text = await response.text();
    expect(response.status, text).toBeGreaterThanOrEqual(400);
    expect(response.status, text).toBeLessThan(500);
    if (status !== undefined) expect(response.status, text).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/json/);
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toMatchObject({ status: response.status, title: expect.any(String), detail: expect.any(String) });
    expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules|SELECT |INSERT |syntax error at/);
    return body;
  }

  it.each([
    ['an empty body', ''],
    ['not JSON', '{"pacticipantName": '],
    ['a JSON array', '[]'],
    ['a JSON string', '"publish"'],
    ['null', 'null'],
    ['no contracts', JSON.stringify({ pacticipantName: 'web-app', pacticipantVersionNumber: '1' })],
    ['contracts not an array', JSON.stringify({ pacticipantName: 'web-app', pacticipantVersionNumber: '1', contracts: 'x' })],
    ['a null contract', JSON.stringify({ pacticipantName: 'web-app', pacticipantVersionNumber: '1', contracts: [null] })],
    ['names of the wrong type', JSON.stringify({ pacticipantName: 7, pacticipantVersionNumber: { v: 1 }, contracts: [{}] })],
    ['content that is not base64', JSON.stringify(publishWithContent('%%% not base64 %%%'))],
    ['base64 of something that is not JSON', JSON.stringify(publishWithContent(b64('not json')))],
    ['base64 of invalid UTF-8', JSON.stringify(publishWithContent(Buffer.from([0xff, 0xfe, 0xfd]).toString('base64')))],
    ['base64 of a JSON array', JSON.stringify(publishWithContent(b64('[1,2]')))],
    ['a pact without interactions or names', JSON.stringify(publishWithContent(b64('{}')))],
    ['a pact naming other pacticipants', JSON.stringify(publishWithContent(b64(pactText('mallory', 'orders-api'))))],
    [
      'a pact nested 5,000 levels deep',
      JSON.stringify(publishWithContent(b64(pactText('web-app', 'orders-api').replace(/}$/, `,"deep":${nested(5_000)}}`)))),
    ],
  ])('publish with %s → 4xx problem', async (_name, body) => {
    await expectProblem(await send('POST', '/contracts/publish', body));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a pact with a __proto__ key is stored with that key as data, and nothing is polluted', async () => {
    const content = pactText('web-app', 'orders-api').replace('{', '{"__proto__":{"polluted":true},');
    const published = await send(
      'POST',
      '/contracts/publish',
      JSON.stringify({ ...publishWithContent(b64(content)), pacticipantVersionNumber: '0.0.1-proto' }),
    );
    expect(published.status).toBe(200);
    const pact = await (await send('GET', '/pacts/provider/orders-api/consumer/web-app/version/0.0.1-proto')).text();
    expect(pact).toContain('"__proto__":{"polluted":true}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('publish with content nested far deeper than any pact (inside the base64) → 4xx', async () => {
    const content = `{"consumer":{"name":"web-app"},"provider":{"name":"orders-api"},"interactions":[],"deep":${nested(100_000)}}`;
    await expectProblem(await send('POST', '/contracts/publish', JSON.stringify(publishWithContent(b64(content)))));
  });

  it('a body over the limit → 413, whether its length is declared or streamed', async () => {
    const huge = JSON.stringify({ pacticipantName: 'x'.repeat(3 * 1024 * 1024) });
    await expectProblem(await send('POST', '/contracts/publish', huge), 413);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 3; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1024 * 1024)));
        controller.close();
      },
    });
    const streamed = await app.request('/contracts/publish', {
      method: 'POST',
      headers: { authorization: `Bearer ${WRITE}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectProblem(streamed, 413);
  });

  it('a request body nested deeper than 512 levels → 400 before any route reads it', async () => {
    const body = await expectProblem(await send('POST', '/pacticipants', `{"name":${nested(600)}}`), 400);
    expect(body.detail).toMatch(/deeper than 512/);
    await expectProblem(await send('POST', '/contracts/publish', nested(1_000_000)), 400);
  });

  it.each([
    ['__proto__', '{"name":"x","__proto__":{"polluted":true}}'],
    ['an escaped __proto__', '{"name":"x","\\u005f_proto__":{"polluted":true}}'],
    ['constructor.prototype', '{"name":"x","constructor":{"prototype":{"polluted":true}}}'],
  ])('a body with %s → 400, and nothing is polluted', async (_name, body) => {
    await expectProblem(await send('POST', '/pacticipants', body), 400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a JSON body sent as text/plain that is not JSON → 4xx', async () => {
    await expectProblem(await send('PATCH', '/pacticipants/web-app', 'name=x', { 'content-type': 'text/plain' }));
    await expectProblem(await send('POST', '/webhooks', '<xml/>', { 'content-type': 'application/xml' }));
  });

  it.each([
    ['a NUL', '/pacticipants/web%00app'],
    ['a newline', '/pacticipants/web%0Aapp'],
    ['broken percent-encoding', '/pacticipants/%E0%A4%A'],
    ['a lone percent', '/pacticipants/100%'],
    ['a 9,000-character path', `/pacticipants/${'a'.repeat(9_000)}`],
    ['a control character in the query', '/matrix?q[][pacticipant]=a%07b'],
  ])('a path with %s → 400', async (_name, path) => {
    await expectProblem(await send('GET', path), 400);
  });

  it.each([
    ['a 300-character name', 'n'.repeat(300)],
    ['a name with a tab', 'web\tapp'],
  ])('a pacticipant with %s is refused (4xx), in the path and in a body', async (_name, name) => {
    await expectProblem(await send('PUT', `/pacticipants/${encodeURIComponent(name)}`, '{}'));
    await expectProblem(await send('POST', '/pacticipants', JSON.stringify({ name })));
    await expectProblem(
      await send('POST', '/contracts/publish', JSON.stringify(publishWithContent(b64(pactText(name, 'orders-api')), { consumer: name }))),
    );
  });

  it.each([
    ['a path traversal', '../../etc/passwd'],
    ['HTML', '<script>alert(1)</script>'],
    ['right-to-left text and emoji', '\u202Eppa-bew 🚀'],
    ['SQL', "web'); DROP TABLE pacticipants; --"],
  ])('a pacticipant named with %s is stored as a name and read back as written (never a 5xx)', async (_name, name) => {
    const created = await send('PUT', `/pacticipants/${encodeURIComponent(name)}`, '{}');
    expect(created.status).toBeLessThan(500);
    if (created.status < 300) {
      const read = await send('GET', `/pacticipants/${encodeURIComponent(name)}`);
      expect(read.status).toBe(200);
      expect(((await read.json()) as { name: string }).name).toBe(name);
    } else await expectProblem(created);
    expect((await send('GET', '/pacticipants')).status).toBe(200);
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer nope' }],
    ['a 100 KB token', { authorization: `Bearer ${'t'.repeat(100_000)}` }],
    ['a token with spaces inside', { authorization: 'Bearer a b' }],
    ['two schemes', { authorization: `Basic x, Bearer ${WRITE}` }],
  ])('publish with %s → 401 problem', async (_name, headers) => {
    const response = await app.request('/contracts/publish', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(publishWithContent(b64(pactText('web-app', 'orders-api')))),
    });
    await expectProblem(response, 401);
  });

  it('fuzz: any JSON value, or a publish body with any field replaced by any JSON value → 4xx problem (or a 200 when it happens to be valid)', async () => {
    const valid = publishWithContent(b64(pactText('web-app', 'orders-api')));
    const contract = (valid.contracts as Record<string, unknown>[])[0]!;
    const mutated = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc
        .record({ key: fc.constantFrom(...Object.keys(valid)), value: fc.jsonValue({ maxDepth: 3 }) })
        .map(({ key, value }) => ({ ...valid, [key]: value })),
      fc
        .record({ key: fc.constantFrom(...Object.keys(contract)), value: fc.jsonValue({ maxDepth: 3 }) })
        .map(({ key, value }) => ({ ...valid, contracts: [{ ...contract, [key]: value }] })),
      fc.string({ maxLength: 200 }).map((text) => ({ ...valid, contracts: [{ ...contract, content: b64(text) }] })),
    );
    await fc.assert(
      fc.asyncProperty(mutated, async (body) => {
        const response = await send('POST', '/contracts/publish', JSON.stringify(body));
        if (response.status === 200) return;
        await expectProblem(response);
      }),
      { numRuns: 150 },
    );
  });

  it('fuzz: any name in the pacticipant routes, with any JSON body → never a 5xx', async () => {
    const routes = fc.constantFrom(
      ['GET', ''],
      ['PUT', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['GET', '/versions/1.0.0'],
      ['PUT', '/versions/1.0.0'],
      ['PUT', '/branches/main/versions/1.0.0'],
      ['PUT', '/versions/1.0.0/tags/prod'],
    );
    await fc.assert(
      fc.asyncProperty(
        routes,
        fc.string({ minLength: 1, maxLength: 300, unit: 'binary' }),
        fc.jsonValue({ maxDepth: 3 }),
        async ([method, rest], name, body) => {
          const response = await send(
            method!,
            `/pacticipants/${encodeURIComponent(name)}${rest}`,
            method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(body),
          );
          if (response.status < 400) return;
          await expectProblem(response);
        },
      ),
      { numRuns: 150 },
    );
  });
});
