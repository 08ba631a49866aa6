import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKS, diffFiles, type Change } from '../src/index.ts';

export type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One row: a change to the base document and the check ids it must (and must not) produce. */
export interface Case {
  name: string;
  /** Applied to both sides first (the row's own starting point). */
  setup?: (doc: Doc) => void;
  change: (doc: Doc) => void;
  /** Ids that must be reported. */
  expect: string[];
  /** Ids that must not be (default: any breaking id not in `expect`). */
  forbid?: string[];
}

/** Diffs `base` against `base` changed by `row`, through files, as a user would. */
export async function run(base: Doc, row: Case, file = 'json'): Promise<Change[]> {
  const dir = mkdtempSync(join(tmpdir(), 'apilife-diff-'));
  try {
    const before = structuredClone(base);
    row.setup?.(before);
    const after = structuredClone(before);
    row.change(after);
    writeFileSync(join(dir, `old.${file}`), JSON.stringify(before));
    writeFileSync(join(dir, `new.${file}`), JSON.stringify(after));
    return (await diffFiles(join(dir, `old.${file}`), join(dir, `new.${file}`), { today: '2026-11-25' })).changes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Checks a row's result: every expected id present, no unexpected breaking one. */
export function verdict(row: Case, changes: Change[]): { missing: string[]; unexpected: string[] } {
  const ids = new Set(changes.map((c) => c.id));
  const missing = row.expect.filter((id) => !ids.has(id));
  const forbidden = row.forbid ?? Object.keys(CHECKS).filter((id) => CHECKS[id]!.level === 'breaking' && !row.expect.includes(id));
  return { missing, unexpected: forbidden.filter((id) => ids.has(id)) };
}
