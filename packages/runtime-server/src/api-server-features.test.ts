import { afterEach, describe, expect, it, vi } from 'vitest';
import { ITEMS_API } from '../test/api-fixture.ts';
import { itemHandlers, type HandlerState } from '../test/api-handlers.ts';
import type { ApiKeySecurity, ApiServerOptions, BearerSecurity } from './api-options.ts';
import type { ApiTable } from './api-table.ts';
import { createApiServer, defaultRateLimitKey } from './api-server.ts';
import { strongEtag } from './etag.ts';

const SECURITY: { ApiKeyAuth: ApiKeySecurity; BearerAuth: BearerSecurity } = {
  ApiKeyAuth: { verify: (key) => (key === 'good-key' ? { subject: 'ops' } : undefined) },
  BearerAuth: {
    verify: (token) =>
      token === 'reader'
        ? { subject: 'reader', scopes: ['secrets:read'] }
        : token === 'nobody'
          ? { subject: 'nobody', scopes: [] }
          : undefined,
  },
};

function setup(options: ApiServerOptions = {}) {
  const state: HandlerState = { requests: [], items: new Map([[7, { id: 7, name: 'seven', qty: 1 }]]) };
  const app = createApiServer(ITEMS_API, itemHandlers(state), { security: SECURITY, validateResponses: true, ...options });
  const send = (path: string, init: RequestInit = {}, env?: object) => app.request(path, init, env);
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    app.request('/items', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  return { state, send, post };
}

async function problemOf(res: Response, status: number): Promise<Record<string, unknown>> {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect([res.status, body['status']]).toEqual([status, status]);
  return body;
}

describe('security', () => {
  it.each([
    ['no credentials → 401 with a challenge per scheme', {}, 401],
    ['a wrong API key → 401', { 'x-api-key': 'bad' }, 401],
    ['a token without the scope → 403', { authorization: 'Bearer nobody' }, 403],
  ])('%s', async (_name, headers, status) => {
    const { send, state } = setup();
    const res = await send('/secret', { headers });
    await problemOf(res, status);
    if (status === 401)
      expect(res.headers.get('www-authenticate')).toBe('ApiKey realm="api", in="header", name="X-API-Key", Bearer realm="api"');
    expect(state.requests).toEqual([]);
  });
  it('lets an alternative through and exposes the principal', async () => {
    const { send } = setup();
    expect(await (await send('/secret', { headers: { 'x-api-key': 'good-key' } })).json()).toEqual({ by: 'ops' });
    expect(await (await send('/secret', { headers: { authorization: 'Bearer reader' } })).json()).toEqual({ by: 'reader' });
  });
});

describe('rate limit (every operation; RateLimit-* headers where 429 is declared)', () => {
  it('counts per client, sends RateLimit-* on every response and 429 with Retry-After past the limit', async () => {
    const { send } = setup({ rateLimit: { limit: 2, windowMs: 60_000, now: () => 1_000_000 } });
    const client = { incoming: { socket: { remoteAddress: '192.0.2.1' } } };
    const first = await send('/items', {}, client);
    expect([first.headers.get('ratelimit-limit'), first.headers.get('ratelimit-remaining'), first.headers.get('ratelimit-reset')]).toEqual([
      '2',
      '1',
      '60',
    ]);
    await send('/items', {}, client);
    const third = await send('/items', {}, client);
    expect(third.headers.get('retry-after')).toBe('60');
    await problemOf(third, 429);
    expect((await send('/items', {}, { incoming: { socket: { remoteAddress: '192.0.2.2' } } })).status).toBe(200);
    expect(
      (await send('/items/7', {}, { incoming: { socket: { remoteAddress: '192.0.2.4' } } })).headers.get('ratelimit-limit'),
    ).toBeNull();
  });
  it('counts operations that do not declare 429 against the same budget (without RateLimit-* headers)', async () => {
    const { send } = setup({ rateLimit: { limit: 2, windowMs: 60_000, now: () => 1_000_000 } });
    const client = { incoming: { socket: { remoteAddress: '192.0.2.3' } } };
    expect((await send('/items/7', {}, client)).status).toBe(200);
    expect((await send('/items/7', {}, client)).status).toBe(200);
    const third = await send('/items/7', {}, client);
    await problemOf(third, 429);
    expect(third.headers.get('retry-after')).toBe('60');
  });
  it('limits failed authentications per client address, before authenticating once over (guessed keys, forged tokens)', async () => {
    let verified = 0;
    const counting = {
      ...SECURITY,
      ApiKeyAuth: { verify: (key: string) => (verified++, key === 'good-key' ? { subject: 'ops' } : undefined) },
    };
    const { send } = setup({ security: counting, rateLimit: { now: () => 1_000_000 } });
    const attacker = { incoming: { socket: { remoteAddress: '198.51.100.7' } } };
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 100; i++) {
      const res = await send(
        '/secret',
        { headers: i % 2 ? { 'x-api-key': `guess-${i}` } : { authorization: `Bearer forged-${i}` } },
        attacker,
      );
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(60);
    expect(statuses.slice(60).every((s) => s === 429)).toBe(true);
    expect(limited!.headers.get('retry-after')).toBe('60');
    expect(await problemOf(limited!, 429)).toMatchObject({ detail: expect.stringMatching(/failed authentication/i) });
    expect(verified).toBe(30);
    // Another client is not affected; the blocked one is refused even with a good key until the window ends.
    expect(
      (await send('/secret', { headers: { 'x-api-key': 'good-key' } }, { incoming: { socket: { remoteAddress: '198.51.100.8' } } })).status,
    ).toBe(200);
    expect((await send('/secret', { headers: { 'x-api-key': 'good-key' } }, attacker)).status).toBe(429);
  });
  it('is off with rateLimit: false', async () => {
    const { send } = setup({ rateLimit: false });
    expect((await send('/items')).headers.get('ratelimit-limit')).toBeNull();
  });
  it('keys by the principal first, then the address', () => {
    const c = (principal: unknown, remoteAddress?: string) =>
      ({ get: () => principal, env: { incoming: { socket: { remoteAddress } } } }) as never;
    expect([
      defaultRateLimitKey(c({ subject: 'ann' }, '192.0.2.1')),
      defaultRateLimitKey(c(undefined, '192.0.2.1')),
      defaultRateLimitKey(c(undefined)),
    ]).toEqual(['principal:ann', 'address:192.0.2.1', 'address:unknown']);
  });
});

describe('Idempotency-Key', () => {
  it('replays the stored response for the same key and body, without running the handler again', async () => {
    const { post, state } = setup();
    const first = await post({ name: 'tea' }, { 'idempotency-key': 'key-00001' });
    const again = await post({ name: 'tea' }, { 'idempotency-key': 'key-00001' });
    expect([first.status, again.status, again.headers.get('idempotent-replayed'), again.headers.get('location')]).toEqual([
      201,
      201,
      'true',
      '/items/2',
    ]);
    expect(await again.text()).toBe(await first.text());
    expect(state.requests.filter((r) => r.op === 'createItem')).toHaveLength(1);
  });
  it('422 for the same key with another body, 409 while the first is in flight', async () => {
    const { post, state } = setup();
    let open!: () => void;
    state.gate = new Promise((resolve) => (open = resolve));
    const first = post({ name: 'tea' }, { 'idempotency-key': 'key-00002' });
    await problemOf(await post({ name: 'tea' }, { 'idempotency-key': 'key-00002' }), 409);
    open();
    expect((await first).status).toBe(201);
    await problemOf(await post({ name: 'coffee' }, { 'idempotency-key': 'key-00002' }), 422);
  });
  it('runs again after a failure (the key is released)', async () => {
    const { post, state } = setup();
    state.override = 'throw';
    expect((await post({ name: 'tea' }, { 'idempotency-key': 'key-00003' })).status).toBe(500);
    state.override = undefined;
    expect((await post({ name: 'tea' }, { 'idempotency-key': 'key-00003' })).headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('If-Match', () => {
  const put = (send: ReturnType<typeof setup>['send'], headers: Record<string, string>) =>
    send('/items/7', {
      method: 'PUT',
      body: JSON.stringify({ name: 'renamed' }),
      headers: { 'content-type': 'application/json', ...headers },
    });
  it('428 without If-Match (not a 400 for the missing header)', async () => {
    const { send, state } = setup();
    await problemOf(await put(send, {}), 428);
    expect(state.requests).toEqual([]);
  });
  it('412 with the current ETag when the handler finds it stale (assertIfMatch)', async () => {
    const { send, state } = setup();
    const res = await put(send, { 'if-match': '"stale"' });
    expect(res.headers.get('etag')).toBe(strongEtag({ id: 7, name: 'seven', qty: 1 }));
    await problemOf(res, 412);
    expect(state.items.get(7)?.name).toBe('seven');
  });
  it('200 with the new ETag when it matches', async () => {
    const { send } = setup();
    const res = await put(send, { 'if-match': strongEtag({ id: 7, name: 'seven', qty: 1 }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(strongEtag({ id: 7, name: 'renamed', qty: 1 }));
  });
});

describe('lifecycle', () => {
  it('deprecated operations answer with Deprecation, Sunset and a successor Link filled from the path', async () => {
    const res = await setup().send('/old-items/42');
    expect([res.status, res.headers.get('deprecation'), res.headers.get('sunset'), res.headers.get('link')]).toEqual([
      200,
      `@${Date.UTC(2026, 0, 15) / 1000}`,
      'Wed, 30 Jun 2027 00:00:00 GMT',
      '</items/42>; rel="successor-version"',
    ]);
  });
  it('deprecation headers also go on error responses', async () => {
    const res = await setup().send('/old-items/42', { headers: { accept: 'text/html' } });
    expect([res.status, res.headers.get('sunset')]).toEqual([406, 'Wed, 30 Jun 2027 00:00:00 GMT']);
  });
  it('retired operations answer 410 Gone with Sunset and Link, for every method they had', async () => {
    const res = await setup().send('/gone-items');
    expect([res.headers.get('sunset'), res.headers.get('link')]).toEqual([
      'Tue, 30 Jun 2026 00:00:00 GMT',
      '</items>; rel="successor-version"',
    ]);
    expect(await problemOf(res, 410)).toMatchObject({ successor: '/items' });
  });

  describe('successor links a client can follow (successorQuery)', () => {
    // listOldItems declares `limit`; its successor listItems needs `limit` and `tag`.
    const linked: ApiTable = {
      ...ITEMS_API,
      operations: [
        ...ITEMS_API.operations.map((op) =>
          op.name === 'listOldItems'
            ? {
                ...op,
                parameters: { query: ['limit'] },
                lifecycle: { ...op.lifecycle, successorPath: '/items', successorQuery: [{ name: 'limit', value: '5' }, { name: 'tag' }] },
              }
            : op,
        ),
        {
          name: 'getGoneItem',
          method: 'GET',
          path: '/gone-items/{itemId}',
          retired: true,
          lifecycle: { sunset: '2026-06-30', successorPath: '/items/{itemId}', successorQuery: [{ name: 'version', value: '2026-09-01' }] },
        },
      ],
    };
    const send = (path: string, options: ApiServerOptions = {}) =>
      createApiServer(linked, itemHandlers({ requests: [], items: new Map() }), { security: SECURITY, ...options }).request(path);

    it.each([
      ['the value the contract gives when the request has none', '/old-items/42', '</items?limit=5>; rel="successor-version"'],
      [
        "the request's own value of a parameter the operation declares",
        '/old-items/42?limit=7&tag=red',
        '</items?limit=7>; rel="successor-version"',
      ],
      [
        'a value encoded, so it cannot break the header',
        '/old-items/42?limit=%3E%20x%0D%0A',
        '</items?limit=%3E+x%0D%0A>; rel="successor-version"',
      ],
    ])('a deprecated operation links with %s', async (_name, path, link) => {
      const res = await send(path);
      expect([res.status, res.headers.get('link')]).toEqual([200, link]);
    });
    it('a retired operation links to the successor with its path and query filled in, in Link and in the problem', async () => {
      const res = await send('/gone-items/42');
      expect(res.headers.get('link')).toBe('</items/42?version=2026-09-01>; rel="successor-version"');
      expect(await problemOf(res, 410)).toMatchObject({
        successor: '/items/42?version=2026-09-01',
        detail: 'This operation was retired on 2026-06-30. Use /items/42?version=2026-09-01 instead.',
      });
    });
    it('past the sunset, the 410 links the same way', async () => {
      const res = await send('/old-items/42?limit=9', { now: () => Date.UTC(2027, 5, 30) });
      expect(res.headers.get('link')).toBe('</items?limit=9>; rel="successor-version"');
      expect(await problemOf(res, 410)).toMatchObject({ successor: '/items?limit=9' });
    });
  });
});

describe('past the sunset (RFC 8594)', () => {
  const SUNSET = Date.UTC(2027, 5, 30);
  const DAY = 24 * 60 * 60 * 1000;
  const handled = (state: HandlerState) => state.requests.filter((r) => r.op === 'listOldItems');
  afterEach(() => {
    vi.useRealTimers();
  });

  it('until midnight UTC of the sunset day the handler answers, with the deprecation headers', async () => {
    const { send, state } = setup({ now: () => SUNSET - 1 });
    const res = await send('/old-items/42');
    expect([res.status, res.headers.get('deprecation'), res.headers.get('sunset')]).toEqual([
      200,
      `@${Date.UTC(2026, 0, 15) / 1000}`,
      'Wed, 30 Jun 2027 00:00:00 GMT',
    ]);
    expect(handled(state)).toHaveLength(1);
  });
  it.each([
    ['on the sunset day', SUNSET],
    ['a year after', SUNSET + 365 * DAY],
  ])('%s: 410 Gone naming the sunset and the successor, with Sunset and Link; the handler is not called', async (_name, at) => {
    const { send, state } = setup({ now: () => at });
    const res = await send('/old-items/42');
    expect([res.headers.get('sunset'), res.headers.get('link')]).toEqual([
      'Wed, 30 Jun 2027 00:00:00 GMT',
      '</items/42>; rel="successor-version"',
    ]);
    expect(await problemOf(res, 410)).toMatchObject({ sunset: '2027-06-30T00:00:00.000Z', successor: '/items/42' });
    expect(handled(state)).toEqual([]);
  });
  it('is decided per request: a running server stops serving at the sunset', async () => {
    let clock = SUNSET - 1;
    const { send, state } = setup({ now: () => clock });
    expect((await send('/old-items/42')).status).toBe(200);
    clock = SUNSET;
    expect((await send('/old-items/42')).status).toBe(410);
    expect(handled(state)).toHaveLength(1);
  });
  it('reads the system clock by default', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(SUNSET);
    await problemOf(await setup().send('/old-items/42'), 410);
  });
  it('enforceSunset: false keeps calling the handler past the sunset', async () => {
    const { send, state } = setup({ now: () => SUNSET + DAY, enforceSunset: false });
    const res = await send('/old-items/42');
    expect([res.status, res.headers.get('sunset')]).toEqual([200, 'Wed, 30 Jun 2027 00:00:00 GMT']);
    expect(handled(state)).toHaveLength(1);
  });
  it('the handler is still required at startup', () => {
    const { listOldItems: _omitted, ...partial } = itemHandlers({ requests: [], items: new Map() });
    expect(() => createApiServer(ITEMS_API, partial, { security: SECURITY, now: () => SUNSET + DAY })).toThrow(
      /no handler for operation listOldItems/,
    );
  });
  it('operations without a sunset are served whatever the clock', async () => {
    const { send } = setup({ now: () => SUNSET + 365 * DAY });
    expect((await send('/items/7')).status).toBe(200);
  });
});

describe('an address over its failed authentications', () => {
  it('keeps a caller whose token was verified a moment ago (a service on the same host); refuses unseen tokens and keys without checking them', async () => {
    const { SignJWT } = await import('jose');
    const secret = new TextEncoder().encode('a-service-secret-of-32-bytes-or-more!');
    const jwt = { secret: 'a-service-secret-of-32-bytes-or-more!', issuer: 'svc', audience: 'items', algorithms: ['HS256'] as const };
    const mint = (sub: string) =>
      new SignJWT({ scope: 'secrets:read' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuer('svc')
        .setAudience('items')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(secret);
    const { send } = setup({ security: { ...SECURITY, BearerAuth: { jwt: { ...jwt, algorithms: [...jwt.algorithms] } } } });
    const host = { incoming: { socket: { remoteAddress: '127.0.0.1' } } };
    const service = `Bearer ${await mint('gateway')}`;
    expect((await send('/secret', { headers: { authorization: service } }, host)).status).toBe(200);
    // A guesser on the same address uses up its failed authentications.
    let status = 0;
    for (let i = 0; i < 80 && status !== 429; i++)
      status = (await send('/secret', { headers: { 'x-api-key': `guess-${i}` } }, host)).status;
    expect(status).toBe(429);
    // The service's token, verified before, still goes through; a valid token never seen and the good key do not.
    expect((await send('/secret', { headers: { authorization: service } }, host)).status).toBe(200);
    expect((await send('/secret', { headers: { authorization: `Bearer ${await mint('other')}` } }, host)).status).toBe(429);
    expect((await send('/secret', { headers: { 'x-api-key': 'good-key' } }, host)).status).toBe(429);
    expect((await send('/secret', { headers: { authorization: 'Bearer forged.token.value' } }, host)).status).toBe(429);
  });
});
