import { describe, expect, it } from 'vitest';
import { getItemValidator } from '../../__snapshots__/parameters/validators.gen.ts';
import { searchValidator } from '../../__snapshots__/defaults/validators.gen.ts';
import { createUserValidator } from '../../__snapshots__/read-write-only/validators.gen.ts';
import { createPetValidator } from '../../__snapshots__/discriminated-union/validators.gen.ts';
import { deleteJobValidator } from '../../__snapshots__/responses/validators.gen.ts';
import type { RawParameters, Violation } from '../../__snapshots__/parameters/validators.gen.ts';

/** Generated validators (the golden files) at work: coercion, defaults, direction, pointers. */
const raw = (over: Partial<RawParameters>): RawParameters => ({ path: {}, query: {}, headers: {}, cookies: {}, ...over });
const ID = '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b';

describe('parameters: coercion by style and type', () => {
  it('coerces path, query (exploded, comma-joined, deepObject), header and cookie values', () => {
    const errors: Violation[] = [];
    const values = getItemValidator.parameters(
      raw({
        path: { itemId: '42' },
        query: { tags: ['a', 'b'], ids: ['1,2'], 'filter[status]': ['open'], 'filter[min]': ['3'], verbose: ['true'] },
        headers: { 'x-request-id': ID },
        cookies: { session: 's1' },
      }),
      errors,
    );
    expect(errors).toEqual([]);
    expect(values).toEqual({
      path: { itemId: 42 },
      query: { tags: ['a', 'b'], ids: [1, 2], filter: { status: 'open', min: 3 }, verbose: true },
      headers: { 'X-Request-Id': ID },
      cookies: { session: 's1' },
    });
  });

  it.each<[string, Partial<RawParameters>, Partial<Violation>]>([
    ['not an integer', { path: { itemId: '4x' } }, { in: 'path', parameter: 'itemId', keyword: 'type', pointer: '' }],
    ['below the minimum', { path: { itemId: '0' } }, { in: 'path', parameter: 'itemId', keyword: 'minimum' }],
    ['hex is not a number', { path: { itemId: '0x10' } }, { in: 'path', parameter: 'itemId', keyword: 'type' }],
    [
      'a repeated scalar',
      { path: { itemId: '1' }, query: { verbose: ['true', 'false'] } },
      { in: 'query', parameter: 'verbose', keyword: 'repeated' },
    ],
    ['not a boolean', { path: { itemId: '1' }, query: { verbose: ['yes'] } }, { in: 'query', parameter: 'verbose', keyword: 'type' }],
    [
      'an array item of the wrong type',
      { path: { itemId: '1' }, query: { ids: ['1,x'] } },
      { in: 'query', parameter: 'ids', pointer: '/1', keyword: 'type' },
    ],
    ['a missing required header', { path: { itemId: '1' }, headers: {} }, { in: 'header', parameter: 'X-Request-Id', keyword: 'required' }],
  ])('%s → a violation naming the parameter', (_name, given, want) => {
    const errors: Violation[] = [];
    getItemValidator.parameters(raw({ headers: { 'x-request-id': ID }, ...given }), errors);
    expect(errors).toContainEqual(expect.objectContaining(want));
  });

  it('fills defaults of missing parameters and body properties (requests only)', () => {
    const errors: Violation[] = [];
    expect(searchValidator.parameters(raw({}), errors)).toMatchObject({ query: { limit: 20, sort: 'asc' } });
    const body: Record<string, unknown> = { text: 'x' };
    expect(searchValidator.body(body, errors)).toBe(true);
    expect(body).toEqual({ text: 'x', fuzzy: false, fields: ['title'] });
    const again: Record<string, unknown> = { text: 'y' };
    searchValidator.body(again, errors);
    expect(again.fields).not.toBe(body.fields);
    expect(errors).toEqual([]);
  });
});

describe('bodies and responses', () => {
  it('readOnly properties are refused in requests, writeOnly ones in responses, each with its pointer', () => {
    const errors: Violation[] = [];
    expect(createUserValidator.body({ id: ID, name: 'a', password: 'secret123', extra: 1 }, errors)).toBe(false);
    expect(errors).toEqual([
      expect.objectContaining({ pointer: '/id', keyword: 'readOnly', in: 'body' }),
      expect.objectContaining({ pointer: '', keyword: 'additionalProperties', message: "must NOT have additional property 'extra'" }),
    ]);
    const out: Violation[] = [];
    expect(createUserValidator.response(201, { id: ID, name: 'a', password: 'leaked!!' }, out)).toBe(false);
    expect(out).toEqual([expect.objectContaining({ pointer: '/password', keyword: 'writeOnly' })]);
    expect(createUserValidator.response(201, { id: ID, name: 'a' }, [])).toBe(true);
  });

  it('a discriminator picks the variant; an unknown value lists the allowed ones', () => {
    const errors: Violation[] = [];
    expect(createPetValidator.body({ petType: 'cat', lives: 10 }, errors)).toBe(false);
    expect(errors).toEqual([expect.objectContaining({ pointer: '/lives', keyword: 'maximum' })]);
    const unknown: Violation[] = [];
    expect(createPetValidator.body({ petType: 'bird' }, unknown)).toBe(false);
    expect(unknown[0]).toMatchObject({ pointer: '/petType', keyword: 'discriminator', message: expect.stringContaining('"cat", "dog"') });
  });

  it('responses: exact status, then range, then default; no content means no body', () => {
    expect(deleteJobValidator.response(202, { state: 'pending' }, [])).toBe(true);
    expect(deleteJobValidator.response(204, undefined, [])).toBe(true);
    const errors: Violation[] = [];
    expect(deleteJobValidator.response(204, { unexpected: true }, errors)).toBe(false);
    expect(deleteJobValidator.response(418, { title: 'x' }, errors)).toBe(false);
    expect(deleteJobValidator.response(418, { title: 'Teapot', status: 418 }, [])).toBe(true);
    expect(deleteJobValidator.response(503, 'down', [])).toBe(true);
  });

  it('never throws: hostile values get violations', () => {
    const deep: unknown[] = [];
    let cursor = deep;
    for (let i = 0; i < 100_000; i++) cursor = (cursor[0] = []) as unknown[];
    const hostile = [
      null,
      undefined,
      'x'.repeat(1_000_000),
      deep,
      JSON.parse('{"__proto__": {"polluted": true}, "petType": "cat", "lives": 1}'),
      Object.create(null),
    ];
    for (const value of hostile) expect(() => createPetValidator.body(value, [])).not.toThrow();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
