import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The resolution hooks that record which packages a process resolves (`load-recorder.ts`). */
export const LOAD_RECORDER = join(import.meta.dirname, 'load-recorder.ts');

export interface ModuleLoads {
  /** Every package the process resolved by a bare specifier (Node's built-ins left out), sorted. */
  packages: string[];
  stdout: string;
}

/**
 * Runs `node <args>` in a fresh process under the load recorder (with tsx and the `source`
 * condition, so workspace packages run from their sources); the packages it resolved.
 * `missing` packages are refused as if not installed.
 */
export async function moduleLoads(args: readonly string[], options: { cwd: string; missing?: readonly string[] }): Promise<ModuleLoads> {
  const scratch = mkdtempSync(join(tmpdir(), 'apilife-module-loads-'));
  try {
    const file = join(scratch, 'loads.txt');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '--import', LOAD_RECORDER, ...args],
      {
        cwd: options.cwd,
        env: { ...process.env, LOAD_RECORDER_FILE: file, LOAD_RECORDER_MISSING: (options.missing ?? []).join(',') },
      },
    );
    let lines: string[] = [];
    try {
      lines = readFileSync(file, 'utf8').split('\n');
    } catch {
      // nothing resolved
    }
    return { packages: [...new Set(lines.filter(Boolean))].sort(), stdout };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
