import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEV_ACCOUNT_ID, systemConfig } from '@drone-delivery/platform';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo.ts';
import { startSystem } from '../src/system.ts';
import { freePorts } from './helpers.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const PORTS = Object.fromEntries(['PORT', 'DELIVERY_SCHEDULER_PORT', 'ACCOUNTS_PORT', 'PACKAGE_PORT', 'DRONE_MANAGEMENT_PORT', 'DELIVERY_PORT', 'DELIVERY_HISTORY_PORT'].map((k) => [k, '0']));

const run = (args: string[], env: Record<string, string> = {}) => spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { ...process.env, ...PORTS, APILIFE_TRANSPORT: 'memory', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
const exitOf = (child: ReturnType<typeof run>) => new Promise<number | null>((resolve) => child.once('exit', resolve));

describe('pnpm start', () => {
  it('starts every service, serves the gateway contract, and stops cleanly on Ctrl-C', async () => {
    const child = run(['--format', 'json']);
    const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    const started = JSON.parse(line) as { services: Record<string, string>; apiKey: string; transport: string };
    expect(Object.keys(started.services)).toHaveLength(7);
    expect(started.transport).toBe('memory');
    const contract = await fetch(`${started.services.gateway}/openapi.json`);
    expect(contract.status).toBe(200);
    expect(((await contract.json()) as { info: { title: string } }).info.title).toMatch(/gateway/);
    const exit = exitOf(child);
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });

  it('--help answers; a bad flag, an unknown service or one service on the memory bus exits 2 or 1 with why', async () => {
    const help = run(['--help']);
    let out = '';
    help.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    expect(await exitOf(help)).toBe(0);
    expect(out).toMatch(/Usage: pnpm start/);
    for (const [args, code, message] of [[['--bogus'], 2, /Unknown option/], [['--only', 'warehouse'], 2, /unknown service warehouse/], [['--only', 'accounts'], 1, /need a shared broker/]] as const) {
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
