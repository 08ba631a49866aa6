import { createHmac, randomUUID } from 'node:crypto';
import { connect, createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { CALLERS, DEV_ACCOUNT_ID, OTHER_ACCOUNT_ID, serviceToken, systemConfig } from '@drone-delivery/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACTORIES, startSystem, type RunningSystem } from '../src/system.ts';
import { freePorts, http, scheduleAndWait, scheduleBody } from './helpers.ts';

/**
 * The system tried as an attacker on loopback would: with what the source code gives away (the
 * development secrets and keys), by calling internal services directly, by guessing keys, and
 * by making upstreams fail to see what leaks. Every request here is one an attacker can send.
 */

/** An HS256 token signed with a secret read from the source code, as an attacker would mint it. */
function forge(claims: Record<string, unknown>, secret: string): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 300, ...claims })}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const SOURCE_SERVICE_SECRET = 'development-only-service-secret';
const SOURCE_SHIPPER_SECRET = 'development-only-user-secret';
const SOURCE_DEV_KEY = 'dev-key-3f9a1c7e5b2d4068';
const SOURCE_OTHER_KEY = 'other-key-8d2e6f0a4c1b3957';
const INTERNAL = ['delivery-scheduler', 'accounts', 'package', 'drone-management', 'delivery', 'delivery-history'] as const;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the drone delivery system, attacked from loopback', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    const base = systemConfig({ APILIFE_API_KEY: 'a-key-the-operator-chose-0123456789' }, { timeScale: 3000 });
    system = await startSystem({ config: { ...base, ports: freePorts(base) } });
  });
  afterAll(() => system?.stop());
  const key = () => system.config.apiKeys[0]!.key;

  it('a token signed with the development service secret, without act, is nobody on any internal port', async () => {
    const { urls } = system;
    const as = (aud: string) => forge({ iss: 'drone-delivery', aud, sub: 'delivery-scheduler' }, SOURCE_SERVICE_SECRET);
    const list = await fetch(`${urls.accounts}/v1/accounts?limit=50`, { headers: { authorization: `Bearer ${as('accounts')}` } });
    expect(list.status, 'listing every account with e-mails and phone numbers').toBe(401);
    const patch = await fetch(`${urls.accounts}/v1/accounts/${OTHER_ACCOUNT_ID}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${as('accounts')}`, 'content-type': 'application/merge-patch+json', 'if-match': '*' },
      body: JSON.stringify({ billingEmail: 'attacker@evil.example' }),
    });
    expect(patch.status, "changing another account's billing e-mail").toBe(401);
    const cancel = await fetch(`${urls.delivery}/deliveries/${randomUUID()}?api-version=2026-09-01`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${as('delivery')}`, 'if-match': '*' },
    });
    expect(cancel.status, 'cancelling deliveries').toBe(401);
  });

  it('the development shipper secret mints no token the gateway accepts', async () => {
    const token = forge(
      { iss: 'https://login.dronedelivery.example', aud: 'drone-delivery-api', sub: DEV_ACCOUNT_ID },
      SOURCE_SHIPPER_SECRET,
    );
    expect((await http(system.urls.gateway, 'GET', `/delivery-requests/${randomUUID()}`, { bearer: token })).status).toBe(401);
  });

  it('no API key but the one configured opens the gateway (no hidden second key)', async () => {
    for (const hidden of [SOURCE_OTHER_KEY, SOURCE_DEV_KEY]) {
      expect((await http(system.urls.gateway, 'GET', `/delivery-requests/${randomUUID()}`, { key: hidden })).status, hidden).toBe(401);
    }
    expect((await http(system.urls.gateway, 'GET', `/delivery-requests/${randomUUID()}`, { key: key() })).status).toBe(404);
  });

  it('internal services refuse shipper API keys and do not hand out their contracts', async () => {
    expect(
      (
        await http(system.urls['delivery-scheduler'], 'POST', '/delivery-requests', {
          key: key(),
          headers: { 'idempotency-key': randomUUID() },
          body: scheduleBody(DEV_ACCOUNT_ID),
        })
      ).status,
    ).toBe(401);
    expect((await http(system.urls.delivery, 'GET', `/deliveries/${randomUUID()}/status`, { key: key() })).status).toBe(401);
    for (const service of INTERNAL) {
      const contract = await fetch(`${system.urls[service]}/openapi.json`);
      expect([401, 404], `${service}/openapi.json`).toContain(contract.status);
    }
    expect((await fetch(`${system.urls.gateway}/openapi.json`)).status).toBe(200);
  });

  it('header lines past the limit get 431 problem+json, also when they repeat one name (merged, they would slip under the count)', async () => {
    const send = (url: string, lines: string) =>
      new Promise<string>((resolve, reject) => {
        const { hostname, port } = new URL(url);
        const socket = connect(Number(port), hostname, () =>
          socket.write(`GET /openapi.json HTTP/1.1\r\nHost: x\r\n${lines}Connection: close\r\n\r\n`),
        );
        let text = '';
        socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        socket.on('end', () => resolve(text)).on('error', reject);
      });
    for (const service of ['gateway', 'accounts'] as const) {
      for (const lines of ['X-Same: n\r\n'.repeat(150), Array.from({ length: 150 }, (_, i) => `X-N-${i}: n\r\n`).join('')]) {
        const answer = await send(system.urls[service], lines);
        expect(answer.slice(0, 12), service).toBe('HTTP/1.1 431');
        expect(answer.slice(0, answer.indexOf('\r\n\r\n')), service).toMatch(/content-type: application\/problem\+json/i);
      }
    }
  });

  it('guessing keys gets 429 with Retry-After, not an endless stream of 401', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 650 }, (_, i) =>
        http(system.urls.gateway, 'GET', `/delivery-requests/${randomUUID()}`, { key: `guess-${i}-${randomUUID()}` }),
      ),
    );
    const limited = statuses.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(statuses.every((r) => r.status === 401 || r.status === 429)).toBe(true);
  });
});

describe('rate limits on every service', () => {
  it('each internal service limits each calling service (here to 3 a minute); the gateway limits each shipper', async () => {
    const base = systemConfig({ APILIFE_RATE_LIMIT: '3', APILIFE_INTERNAL_RATE_LIMIT: '3' }, { timeScale: 3000 });
    const system = await startSystem({ config: { ...base, ports: freePorts(base) } });
    try {
      const paths: Record<(typeof INTERNAL)[number], string> = {
        'delivery-scheduler': `/delivery-requests/${randomUUID()}?api-version=2026-09-01`,
        accounts: `/v1/accounts/${DEV_ACCOUNT_ID}`,
        package: `/v1/packages/${randomUUID()}`,
        'drone-management': '/v1/drones',
        delivery: `/deliveries/${randomUUID()}?api-version=2026-09-01`,
        'delivery-history': `/v1/deliveries/${randomUUID()}/events`,
      };
      for (const service of INTERNAL) {
        const from = CALLERS[service][0]!;
        const token = await serviceToken(system.config, { from, to: service });
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++)
          statuses.push(
            (await fetch(`${system.urls[service]}${paths[service]}`, { headers: { authorization: `Bearer ${token}` } })).status,
          );
        expect(statuses.slice(0, 3), service).not.toContain(429);
        expect(statuses[3], service).toBe(429);
      }
    } finally {
      await system.stop();
    }
    // The gateway, on a fresh system (its calls count against the scheduler's limit of the gateway).
    const fresh = await startSystem({ config: { ...base, ports: freePorts(base) } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (await http(fresh.urls.gateway, 'GET', `/delivery-requests/${randomUUID()}`, { key: fresh.config.apiKeys[0]!.key })).status,
        );
      expect(statuses).toEqual([404, 404, 404, 429]);
    } finally {
      await fresh.stop();
    }
  });
});

describe('what shippers learn when upstreams fail', () => {
  it('failureReason names no address, port or connection error; gateway problems name no internal service', async () => {
    const dead = await closedPort();
    const base = systemConfig({}, { timeScale: 3000 });
    const system = await startSystem({
      config: { ...base, ports: freePorts(base) },
      factories: {
        'delivery-scheduler': (deps) =>
          FACTORIES['delivery-scheduler']({
            ...deps,
            config: { ...deps.config, urls: { ...deps.config.urls, accounts: `http://127.0.0.1:${dead}` } },
          }),
        delivery: async () => ({
          name: 'delivery',
          app: { fetch: () => new Response(null, { status: 502 }) },
          start: async () => {},
          stop: async () => {},
        }),
      },
    });
    try {
      const key = system.config.apiKeys[0]!.key;
      const operation = await scheduleAndWait(system.urls.gateway, key, DEV_ACCOUNT_ID);
      expect(operation.state).toBe('failed');
      expect(operation.failureReason).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|localhost|:\d{2,5}\b|accounts? service|fetch failed/i);
      expect(operation.failureReason).toMatch(/^check-account: /);
      const status = await http(system.urls.gateway, 'GET', `/deliveries/${randomUUID()}/status`, { key });
      expect(status.status).toBe(503);
      expect(JSON.stringify(status.body)).not.toMatch(
        /delivery-scheduler|delivery-history|drone-management|\bdelivery\b(?! ?request)|127\.0\.0\.1|:\d{4,5}/i,
      );
    } finally {
      await system.stop();
    }
  });
});

describe('where internal services listen', () => {
  it('only the gateway listens on HOST; the others on loopback, whatever HOST says', async () => {
    const base = systemConfig({ HOST: '0.0.0.0' }, { timeScale: 3000 });
    const system = await startSystem({ config: { ...base, ports: freePorts(base) } });
    try {
      for (const service of INTERNAL) expect(new URL(system.urls[service]).hostname, service).toBe('127.0.0.1');
      const outside = Object.values(networkInterfaces())
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
      if (outside) {
        const port = (service: 'gateway' | 'accounts') => new URL(system.urls[service]).port;
        const reach = (service: 'gateway' | 'accounts') =>
          fetch(`http://${outside}:${port(service)}/openapi.json`).then(
            (r) => r.status,
            () => 'refused',
          );
        expect(await reach('gateway')).toBe(200);
        expect(await reach('accounts')).toBe('refused');
      }
    } finally {
      await system.stop();
    }
  });
});
