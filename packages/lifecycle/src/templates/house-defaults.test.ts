import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { houseDefaults } from './house-defaults.ts';

describe('houseDefaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apilife-house-defaults-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads only regular contract files: a FIFO is not waited on, a symlink out of the root not followed', () => {
    const license = (name: string) => `openapi: 3.1.0\ninfo: { title: T, version: 1.0.0, license: { name: ${name} } }\npaths: {}\n`;
    for (const service of ['a', 'piped', 'linked']) mkdirSync(join(dir, 'contracts', service), { recursive: true });
    writeFileSync(join(dir, 'contracts/a/openapi.yaml'), license('MIT'));
    execFileSync('mkfifo', [join(dir, 'contracts/piped/openapi.yaml')]);
    // Outside the root, a contract that disagrees: read, it would drop the agreed license.
    writeFileSync(join(dir, 'outside.yaml'), license('Proprietary'));
    symlinkSync(join(dir, 'outside.yaml'), join(dir, 'contracts/linked/openapi.yaml'));
    expect(houseDefaults(join(dir, 'contracts')).license).toEqual({ openapi: { name: 'MIT' } });
  });
});
