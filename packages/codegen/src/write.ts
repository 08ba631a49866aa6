import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrintedFile } from './print.ts';

/**
 * What happened to one file. Writing: `created`, `updated`, `unchanged`, `removed` (a stale
 * `*.gen.ts` no target produces any more). Checking: `unchanged`, `differs`, `missing`, `stale`.
 */
export type FileStatus = 'created' | 'updated' | 'unchanged' | 'removed' | 'differs' | 'missing' | 'stale';

export interface FileOutcome {
  /** Absolute path. */
  path: string;
  status: FileStatus;
}

/** Generated files are recognised by name; nothing else in the folder is ever touched. */
const GENERATED = /\.gen\.ts$/;

/**
 * The write pass: writes only files whose bytes changed and removes stale `*.gen.ts` files, or,
 * with `check`, compares without touching anything.
 */
export async function writeOrCheck(out: string, files: readonly PrintedFile[], check: boolean): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = [];
  if (!check) await mkdir(out, { recursive: true });
  for (const file of files) {
    const path = join(out, file.path);
    const current = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (current === file.content) outcomes.push({ path, status: 'unchanged' });
    else if (check) outcomes.push({ path, status: current === undefined ? 'missing' : 'differs' });
    else {
      await writeFile(path, file.content);
      outcomes.push({ path, status: current === undefined ? 'created' : 'updated' });
    }
  }
  const produced = new Set(files.map((f) => f.path));
  for (const name of await listGenerated(out)) {
    if (produced.has(name)) continue;
    const path = join(out, name);
    if (!check) await rm(path);
    outcomes.push({ path, status: check ? 'stale' : 'removed' });
  }
  return outcomes;
}

async function listGenerated(out: string): Promise<string[]> {
  try {
    return (await readdir(out)).filter((name) => GENERATED.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Whether an outcome means the committed files are out of date (`--check` fails on these). */
export function isDrift(status: FileStatus): boolean {
  return status === 'differs' || status === 'missing' || status === 'stale';
}
