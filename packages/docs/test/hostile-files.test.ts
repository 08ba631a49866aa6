import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProjectConfig } from '@apilife/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPortal } from '../src/index.ts';

/**
 * The portal copies each contract file into the site: it must copy what the loader read, never read
 * a file again itself. A contract that is a symlink out of the contracts root is shown broken, with
 * nothing of the file outside in the site; a FIFO is passed over, never waited on.
 */
describe('the portal and contract files the loader refuses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apilife-docs-hostile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows a symlink out of the root broken, passes a FIFO over, and copies nothing of either', async () => {
    const marker = 'apilife-docs-canary-7f3a';
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'outside/openapi.yaml'), `openapi: 3.1.0\ninfo: { title: ${marker}, version: 1.0.0 }\npaths: {}\n`);
    for (const service of ['fine', 'linked', 'piped']) mkdirSync(join(dir, 'contracts', service), { recursive: true });
    writeFileSync(join(dir, 'contracts/fine/openapi.yaml'), 'openapi: 3.1.0\ninfo: { title: Fine, version: 1.0.0 }\npaths: {}\n');
    symlinkSync(join(dir, 'outside/openapi.yaml'), join(dir, 'contracts/linked/openapi.yaml'));
    execFileSync('mkfifo', [join(dir, 'contracts/piped/openapi.yaml')]);
    writeFileSync(join(dir, 'apilife.config.yaml'), 'contracts: contracts\n');

    const out = join(dir, 'site');
    const report = await buildPortal({ config: await loadProjectConfig(dir), out, changelog: false, pacts: false, broker: false });
    // The FIFO is no regular file, so no contract: passed over, not waited on.
    expect(report.broken).toBe(1);
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    expect(home).toContain('linked/openapi.yaml is a symlink to');
    expect(home).not.toContain('piped/openapi.yaml');
    const written = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    for (const file of written) expect(readFileSync(join(file.parentPath, file.name), 'utf8'), file.name).not.toContain(marker);
    expect(existsSync(join(out, 'files/fine/openapi.yaml'))).toBe(true);
  });
});
