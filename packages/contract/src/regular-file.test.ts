import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRegularFile } from './regular-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'apilife-regular-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('isRegularFile', () => {
  it('is true for a file and a link to one, false for a FIFO, a folder and a missing path', () => {
    writeFileSync(join(dir, 'file.yaml'), 'a: 1\n');
    symlinkSync(join(dir, 'file.yaml'), join(dir, 'link.yaml'));
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    expect(['file.yaml', 'link.yaml', 'pipe.yaml', '.', 'missing.yaml'].map((f) => isRegularFile(join(dir, f)))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
