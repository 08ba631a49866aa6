import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAtPath, isObject, parsePointer } from '@apilife/contract';
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
    const changes = (await diffFiles(join(dir, `old.${file}`), join(dir, `new.${file}`), { today: '2026-11-25' })).changes;
    const lost = misplaced(changes, before, after);
    if (lost.length > 0) throw new Error(`places that are not in their document:\n${lost.join('\n')}`);
    return changes;
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

/** The value at a path that may pass through local `$ref`s, as places do (`…/schema/items/properties/id` through `$ref: Pet`). */
function follow(doc: unknown, tokens: string[]): unknown {
  let node = doc;
  for (const token of tokens) {
    for (
      let hops = 0;
      isObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#') && !(token in node) && hops < 20;
      hops++
    )
      node = getAtPath(doc, parsePointer(node.$ref));
    node = Array.isArray(node) ? node[Number(token)] : isObject(node) && Object.hasOwn(node, token) ? node[token] : undefined;
  }
  return node;
}

/**
 * The changes whose place is not in its document. A schema left out is `any`: its place is where it
 * would be written (`…/schema`, `…/payload`, `…/headers`, `…/items`), under a parent that exists.
 */
export function misplaced(changes: Change[], before: unknown, after: unknown): string[] {
  const lost: string[] = [];
  for (const change of changes) {
    for (const [side, place, doc] of [
      ['old', change.old, before],
      ['new', change.new, after],
    ] as const) {
      if (!place) continue;
      const tokens = parsePointer(place.pointer);
      const absentSchema =
        ['schema', 'payload', 'headers', 'items'].includes(tokens.at(-1)!) && follow(doc, tokens.slice(0, -1)) !== undefined;
      if (follow(doc, tokens) === undefined && !absentSchema) lost.push(`${change.id} at ${place.pointer} (${side})`);
    }
  }
  return lost;
}
