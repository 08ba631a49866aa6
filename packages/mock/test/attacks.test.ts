import { join } from 'node:path';
import { loadApiIR } from '@apilife/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpMock, type RunningHttpMock } from '../src/index.ts';

/**
 * Hostile requests against a running mock: each is a 4xx problem+json (never a stack trace, never
 * a 500), nothing leaks into `Object.prototype`, and the mock keeps serving afterwards.
 */
const REPO = join(import.meta.dirname, '../../..');
let mock: RunningHttpMock;
beforeAll(async () => {
  const api = await loadApiIR(join(REPO, 'contracts/delivery/openapi.yaml'), { root: join(REPO, 'contracts') });
  mock = await startHttpMock(api, { port: 0, limits: { maxBodyBytes: 64 * 1024 } });
});
afterAll(() => mock?.close());

const auth = { authorization: 'Bearer t' };
const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${mock.url}/deliveries?api-version=2026-09-01`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'k', ...headers },
    body,
  });

const HOSTILE_PATHS = [
  '/deliveries/..%2F..%2Fetc%2Fpasswd?api-version=2026-09-01',
  '/deliveries/%00?api-version=2026-09-01',
  '/deliveries/%E0%A4%A?api-version=2026-09-01',
  '/..;/deliveries',
  `/deliveries/${'a'.repeat(9000)}`,
  '/deliveries/3fa85f64-5717-4562-b3fc-2c963f66afa6?api-version=2026-09-01&api-version=2025-03-01',
  '/deliveries/3fa85f64-5717-4562-b3fc-2c963f66afa6?api-version[__proto__]=x',
  '/__proto__/constructor/prototype',
  '/deliveries/3fa85f64-5717-4562-b3fc-2c963f66afa6?api-version=2026-09-01&__code=999',
];

describe('hostile requests against the mock', () => {
  it.each(HOSTILE_PATHS)('GET %s is a 4xx problem', async (path) => {
    const response = await fetch(`${mock.url}${path}`, { headers: { ...auth, prefer: 'example=__proto__' } });
    expect(response.status, path).toBeGreaterThanOrEqual(400);
    expect(response.status, path).toBeLessThan(500);
    if (response.status !== 414) expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.text()).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('bodies: __proto__ keys, deep nesting, a body over the limit, malformed JSON, a wrong media type', async () => {
    const cases: [string, string, Record<string, string>?][] = [
      ['__proto__', '{"__proto__":{"polluted":true},"accountId":"x"}'],
      ['constructor', '{"a":{"constructor":{"prototype":{"polluted":true}}}}'],
      ['deep', `${'['.repeat(5000)}${']'.repeat(5000)}`],
      ['huge', JSON.stringify({ deliveryRequestId: 'x'.repeat(200 * 1024) })],
      ['malformed', '{"deliveryRequestId":'],
      ['media', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' }],
    ];
    for (const [name, body, headers] of cases) {
      const response = await post(body, headers);
      expect(response.status, name).toBeGreaterThanOrEqual(400);
      expect(response.status, name).toBeLessThan(500);
      expect(response.headers.get('content-type'), name).toBe('application/problem+json');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a storm of random paths and Prefer headers leaves it serving', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = 'abc/%._~-{}$?&=[]#\u00e9\u0000';
    const requests = Array.from({ length: 200 }, () => {
      const path = Array.from({ length: 1 + Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const prefer = ['code=500', 'example=x', 'dynamic=true', 'code=abc', `code=${Math.floor(random() * 600)}`][Math.floor(random() * 5)]!;
      return fetch(`${mock.url}/${encodeURI(path)}`, { headers: { ...auth, prefer } }).then(
        (r) => r.status,
        () => 0,
      );
    });
    const statuses = await Promise.all(requests);
    expect(statuses.filter((s) => s >= 500 || s === 0)).toEqual([]);
    const ok = await fetch(`${mock.url}/deliveries/3fa85f64-5717-4562-b3fc-2c963f66afa6?api-version=2026-09-01`, { headers: auth });
    expect(ok.status).toBe(200);
  });
});
