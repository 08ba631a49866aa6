import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LintDiagnostic } from './report.ts';
import type { Suppression } from './suppress.ts';

/** What the cache keeps per linted contract: its raw findings and inline suppressions. */
export interface CacheEntry {
  fingerprint: string;
  /** Every file the result depends on (the contract and what it reaches), with its content hash. */
  files: { file: string; hash: string }[];
  diagnostics: LintDiagnostic[];
  suppressions: Suppression[];
}

export const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/**
 * A content-hash cache of lint results, one JSON file per contract. An entry is used only when
 * the fingerprint (tool and engine versions, every config file's content, today's date for the
 * sunset rules) and the hash of every file the contract reaches are unchanged.
 */
export class LintCache {
  constructor(
    private readonly dir: string | false,
    readonly fingerprint: string,
  ) {}

  /** A cached entry, if still valid. `read` gives a file's current text (undefined when gone). */
  async get(file: string, read: (file: string) => Promise<Buffer | string | undefined>): Promise<CacheEntry | undefined> {
    if (!this.dir) return undefined;
    let entry: CacheEntry;
    try {
      entry = JSON.parse(await readFile(this.#path(file), 'utf8')) as CacheEntry;
    } catch {
      return undefined;
    }
    if (entry.fingerprint !== this.fingerprint || !Array.isArray(entry.files)) return undefined;
    for (const { file: dependency, hash } of entry.files) {
      const text = await read(dependency);
      if (text === undefined || sha256(text) !== hash) return undefined;
    }
    return entry;
  }

  async set(file: string, entry: Omit<CacheEntry, 'fingerprint'>): Promise<void> {
    if (!this.dir) return;
    try {
      await mkdir(this.dir, { recursive: true });
      const path = this.#path(file);
      const temp = `${path}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify({ fingerprint: this.fingerprint, ...entry }));
      await rename(temp, path);
    } catch {
      // A cache that can't be written is only slower, never wrong.
    }
  }

  #path(file: string): string {
    return join(this.dir as string, `${sha256(file).slice(0, 32)}.json`);
  }
}
