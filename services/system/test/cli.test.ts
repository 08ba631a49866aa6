import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEV_ACCOUNT_ID, OTHER_ACCOUNT_ID, systemConfig } from '@drone-delivery/platform';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo.ts';
import { startSystem } from '../src/system.ts';
import { freePorts } from './helpers.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const TOKEN = fileURLToPath(new URL('../src/token.ts', import.meta.url));
const PORTS = Object.fromEntries(
  [
    'PORT',
    'DELIVERY_SCHEDULER_PORT',
    'ACCOUNTS_PORT',
    'PACKAGE_PORT',
    'DRONE_MANAGEMENT_PORT',
    'DELIVERY_PORT',
    'DELIVERY_HISTORY_PORT',
    'DOCS_PORT',
  ].map((k) => [k, '0']),
);

const run = (args: string[], env: Record<string, string> = {}) =>
  spawn(process.execPath, ['--conditions=source', '--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, ...PORTS, APILIFE_TRANSPORT: 'memory', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const exitOf = (child: ReturnType<typeof run>) => new Promise<number | null>((resolve) => child.once('exit', resolve));

describe('pnpm start', () => {
  it('starts every service and the API portal beside them, serves the gateway contract, and stops cleanly on Ctrl-C', async () => {
    const child = run(['--format', 'json']);
    const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    const started = JSON.parse(line) as { services: Record<string, string>; apiKey: string; transport: string; docs: string };
    expect(Object.keys(started.services)).toHaveLength(7);
    expect(started.transport).toBe('memory');
    const contract = await fetch(`${started.services.gateway}/openapi.json`);
    expect(contract.status).toBe(200);
    expect(((await contract.json()) as { info: { title: string } }).info.title).toMatch(/gateway/);
    expect(started.docs).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const portal = await fetch(started.docs);
    expect(portal.status).toBe(200);
    expect(portal.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const home = await portal.text();
    expect(home).toContain('href="apis/gateway/openapi.html"');
    expect((await fetch(new URL('apis/gateway/openapi.html', started.docs))).status).toBe(200);
    const exit = exitOf(child);
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });

  it('prints, in development mode, where each service listens and every credential it accepts, and they work', async () => {
    const child = run(['--no-docs'], { APILIFE_API_KEYS: `${OTHER_ACCOUNT_ID}:a-second-key-for-the-cli-test-000` });
    let out = '';
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolve) => lines.on('line', (line) => ((out += `${line}\n`), line.startsWith('Ctrl-C') && resolve())));
    expect(out).toMatch(/development mode/);
    expect(out).toMatch(/accounts +http:\/\/127\.0\.0\.1:\d+ +internal: service tokens of delivery-scheduler only/);
    expect(out).toContain(`X-API-Key: dev-key-3f9a1c7e5b2d4068   (account ${DEV_ACCOUNT_ID}`);
    expect(out).toContain(`X-API-Key: a-second-key-for-the-cli-test-000   (account ${OTHER_ACCOUNT_ID}, from APILIFE_API_KEYS)`);
    expect(out).toMatch(/APILIFE_DEV_SEED=[A-Za-z0-9_-]{16,} pnpm dev-token --account/);
    const gateway = /gateway +(http:\/\/\S+)/.exec(out)![1]!;
    const token = /Authorization: Bearer (\S+)/.exec(out)![1]!;
    const read = (headers: Record<string, string>) =>
      fetch(`${gateway}/delivery-requests/${randomUUID()}?api-version=2026-09-01`, { headers }).then((r) => r.status);
    expect(await read({ authorization: `Bearer ${token}` })).toBe(404);
    expect(await read({ 'x-api-key': 'a-second-key-for-the-cli-test-000' })).toBe(404);
    const exit = exitOf(child);
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });

  it('refuses to start in production mode without its secrets (exit 2, every missing setting named)', async () => {
    const child = run([], { APILIFE_MODE: 'production' });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    expect(await exitOf(child)).toBe(2);
    expect(err).toMatch(/cannot start .* in production mode/);
    expect(err).toMatch(/APILIFE_SERVICE_KEY_GATEWAY is not set/);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('--help answers; a bad flag, an unknown service or one service on the memory bus exits 2 or 1 with why', async () => {
    const help = run(['--help']);
    let out = '';
    help.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    expect(await exitOf(help)).toBe(0);
    expect(out).toMatch(/Usage: pnpm start/);
    for (const [args, code, message] of [
      [['--bogus'], 2, /Unknown option/],
      [['--only', 'warehouse'], 2, /unknown service warehouse/],
      [['--only', 'accounts'], 1, /need a shared broker/],
    ] as const) {
      const child = run([...args]);
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      expect(await exitOf(child)).toBe(code);
      expect(err).toMatch(message);
    }
  });
});

describe('pnpm demo', () => {
  it('schedules, reschedules, cancels, and follows two deliveries to delivered, with their history', async () => {
    // The demo's own clock (drones take off after about a second), so rescheduling and cancelling land before take-off.
    const base = systemConfig({});
    const system = await startSystem({ config: { ...base, ports: freePorts(base) } });
    try {
      const result = await runDemo(system.urls.gateway, base.apiKeys[0]!.key, DEV_ACCOUNT_ID);
      expect(Object.keys(result.deliveries).sort()).toEqual(['books', 'spare part']);
      const lines = result.steps.map((s) => s.what);
      expect(lines).toContain('rescheduled books: 200 (pickup moved by an hour)');
      expect(lines.some((l) => /^flowers: cancellation succeeded/.test(l))).toBe(true);
      expect(lines).toContain('books: history DeliveryCreated → DeliveryRescheduled → DeliveryInTransit → DeliveryComplete');
    } finally {
      await system.stop();
    }
  });
});

describe('pnpm dev-token', () => {
  it('mints, from the seed of a running system, a shipper token its gateway accepts and a service token an internal service accepts; without the seed it exits 2', async () => {
    const seed = randomBytes(24).toString('base64url');
    const base = systemConfig({ APILIFE_DEV_SEED: seed });
    const system = await startSystem({ config: { ...base, ports: freePorts(base) } });
    const mint = async (args: string[], env: Record<string, string> = { APILIFE_DEV_SEED: seed }) => {
      const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', TOKEN, ...args], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      return { code: await exitOf(child as never), token: out.trim() };
    };
    try {
      const shipper = await mint(['--account', DEV_ACCOUNT_ID]);
      expect(shipper.code).toBe(0);
      const read = (url: string, token: string) =>
        fetch(`${url}/delivery-requests/${randomUUID()}?api-version=2026-09-01`, { headers: { authorization: `Bearer ${token}` } }).then(
          (r) => r.status,
        );
      expect(await read(system.urls.gateway, shipper.token)).toBe(404);
      const service = await mint(['--from', 'gateway', '--to', 'delivery-scheduler', '--account', DEV_ACCOUNT_ID]);
      expect(await read(system.urls['delivery-scheduler'], service.token)).toBe(404);
      expect(await read(system.urls['delivery-scheduler'], shipper.token)).toBe(401);
      expect((await mint(['--account', DEV_ACCOUNT_ID], {})).code).toBe(2);
    } finally {
      await system.stop();
    }
  });
});
