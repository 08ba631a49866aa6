import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { systemConfig } from '@drone-delivery/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type RunningSystem } from '../src/system.ts';
import { freePorts } from './helpers.ts';

/**
 * The README's `curl` lines work on a fresh machine: they need nothing but `curl` and `node` (which
 * the project needs anyway), and the request they send is accepted by a running system.
 */
const README = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
/** What a fresh machine with Node has: the commands a README shell block may run. */
const AVAILABLE = ['curl', 'node'];
/** Where the README says the gateway listens (`pnpm start`'s default). */
const README_GATEWAY = 'http://127.0.0.1:8080';

/** The README's shell blocks that call `curl`. */
const curlBlocks = [...README.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)]
  .map((m) => m[1]!)
  .filter((block) => /(^|\s)curl\s/m.test(block));

/**
 * The commands a shell block runs: the first word of every command (after variable assignments)
 * and of every `$( … )`. Comments and quoted text are not commands.
 * @example
 * commandsOf('KEY=x  # the key\ncurl -H "Id: $(uuidgen)" http://a | head'); // ['uuidgen', 'curl', 'head']
 */
function commandsOf(block: string): string[] {
  const script = block.replace(/\\\n/g, ' ');
  const substituted = [...script.matchAll(/\$\(\s*([^\s)]+)/g)].map((m) => m[1]!);
  const unquoted = script.replace(/'[^']*'/g, "''").replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const commands = unquoted
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .flatMap((line) => line.split(/\|\|?|&&|;/))
    .map((segment) =>
      segment
        .trim()
        .split(/\s+/)
        .find((word) => word !== '' && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)),
    )
    .filter((word): word is string => word !== undefined);
  return [...substituted, ...commands];
}

/** `name` on the PATH, or `undefined`. */
function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

describe('the README curl lines', () => {
  it('are there, and run nothing a fresh machine lacks (only curl and node)', () => {
    expect(curlBlocks.length).toBeGreaterThan(0);
    for (const block of curlBlocks)
      expect(
        commandsOf(block).filter((command) => !AVAILABLE.includes(command)),
        block,
      ).toEqual([]);
  });

  it('commandsOf finds commands in substitutions and pipelines, not in quotes or comments', () => {
    expect(
      commandsOf('KEY=x   # uuidgen here is a comment\ncurl -s -H "Id: $(uuidgen)" \\\n  -d \'{"a":"b | c"}\' http://a | head -c 3'),
    ).toEqual(['uuidgen', 'curl', 'head']);
  });

  describe('against a running system, with only curl and node on the PATH', () => {
    const curl = which('curl');
    if (!curl && process.env.CI === 'true') throw new Error('curl is not on the PATH, and CI=true requires it for the README test');
    if (!curl) console.warn('skipping the README curl run: curl is not on the PATH (under CI=true this fails instead)');
    let system: RunningSystem;
    let bin: string;

    beforeAll(async () => {
      if (!curl) return;
      bin = mkdtempSync(join(tmpdir(), 'readme-bin-'));
      symlinkSync(curl, join(bin, 'curl'));
      symlinkSync(process.execPath, join(bin, 'node'));
      const base = systemConfig({});
      system = await startSystem({ config: { ...base, ports: freePorts(base) } });
    });
    afterAll(async () => {
      await system?.stop();
      if (bin) rmSync(bin, { recursive: true, force: true });
    });

    it.skipIf(!curl)('schedules a delivery: 202 Accepted', async () => {
      const block = curlBlocks.find((b) => b.includes('/delivery-requests'))!;
      expect(block).toContain(README_GATEWAY);
      // The block as written, against this system's gateway, with curl also printing the status.
      const script = `${block.trimEnd().replaceAll(README_GATEWAY, system.urls.gateway)} -w '\\n%{http_code}'`;
      const child = spawn('/bin/sh', ['-c', script], { env: { PATH: bin, HOME: tmpdir() }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise<number | null>((done) => child.once('exit', done));
      const [body, status] = [out.slice(0, out.lastIndexOf('\n')), out.slice(out.lastIndexOf('\n') + 1)];
      expect({ code, status, err }, body).toEqual({ code: 0, status: '202', err: '' });
      expect(JSON.parse(body)).toMatchObject({ operation: 'schedule', deliveryRequestId: expect.any(String) });
    });
  });
});
