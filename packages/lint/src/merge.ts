import { toPointer, severityRank } from '@apilife/contract';
import { EQUIVALENT_RULES } from './equivalent-rules.ts';
import type { LintDiagnostic } from './report.ts';

export { EQUIVALENT_RULES };

const ENGINE_ORDER = ['apilife', 'asyncapi-parser', 'spectral', 'redocly'];

/** `spectral` codes are bare; others are qualified as `<source>:<code>`. */
function qualified(d: { code: string; source: string }): string {
  return d.source === 'spectral' ? d.code : `${d.source}:${d.code}`;
}

const GROUP = new Map<string, number>();
EQUIVALENT_RULES.forEach((group, i) => group.forEach((code) => GROUP.set(code, i)));

/**
 * De-duplicates findings: the same code at the same place (two contracts sharing a file), and
 * equivalent rules of different engines at the same file and path. The kept finding is the most
 * severe, then the first engine in apilife → asyncapi-parser → spectral → redocly order; the others go to `also`.
 * Then sorts by file, line, character and code.
 */
export function mergeDiagnostics(diagnostics: readonly LintDiagnostic[]): LintDiagnostic[] {
  const byKey = new Map<string, LintDiagnostic[]>();
  const order = (d: LintDiagnostic) => severityRank(d.severity) * 10 + ENGINE_ORDER.indexOf(d.source);
  const sorted = [...diagnostics].sort((a, b) => order(a) - order(b));
  for (const d of sorted) {
    const group = GROUP.get(qualified(d));
    const identity = group === undefined ? `${d.source}:${d.code}` : `group:${group}`;
    const key = `${d.file}\u0000${place(d.path)}\u0000${identity}`;
    const entries = byKey.get(key) ?? [];
    byKey.set(key, entries);
    // The very same finding twice (a shared file reached from two contracts): keep one.
    if (entries.some((e) => e.code === d.code && e.source === d.source && e.message === d.message)) continue;
    // Another engine's word for a finding already here: fold it in, once per engine.
    const twin =
      group === undefined ? undefined : entries.find((e) => e.source !== d.source && !e.also?.some((a) => a.source === d.source));
    if (twin) (twin.also ??= []).push({ code: d.code, source: d.source });
    else entries.push({ ...d });
  }
  return sortDiagnostics(foldByPosition([...byKey.values()].flat()));
}

/**
 * Where a finding is, for comparing engines: a `$ref` and the object that holds it are one place
 * (Redocly reports an unresolved ref at the object, apilife's loader and Spectral at `$ref`).
 */
function place(path: readonly (string | number)[]): string {
  return toPointer(path.at(-1) === '$ref' ? path.slice(0, -1) : path);
}

/**
 * Second pass: engines name a missing thing differently (Spectral `oas3-api-servers` at the
 * document, Redocly `no-empty-servers` at `#/servers`), but put it at the same place in the file.
 * Equivalent findings of different engines that start at the same line and character are one.
 */
function foldByPosition(diagnostics: LintDiagnostic[]): LintDiagnostic[] {
  const kept: LintDiagnostic[] = [];
  const byPosition = new Map<string, LintDiagnostic[]>();
  for (const d of diagnostics) {
    const group = GROUP.get(qualified(d));
    if (group === undefined) {
      kept.push(d);
      continue;
    }
    const key = `${d.file}\u0000${d.range.start.line}:${d.range.start.character}\u0000${group}`;
    const entries = byPosition.get(key) ?? [];
    byPosition.set(key, entries);
    const engines = (e: LintDiagnostic) => new Set([e.source, ...(e.also ?? []).map((a) => a.source)]);
    const twin = entries.find((e) => [...engines(d)].every((source) => !engines(e).has(source)));
    if (twin) {
      const pointer = toPointer(d.path);
      const own = (a: { code: string; source: string; pointer?: string }) =>
        a.pointer === undefined && pointer !== toPointer(twin.path) ? { ...a, pointer } : a;
      (twin.also ??= []).push(own({ code: d.code, source: d.source }), ...(d.also ?? []).map(own));
      if (severityRank(d.severity) < severityRank(twin.severity)) twin.severity = d.severity;
    } else {
      entries.push(d);
      kept.push(d);
    }
  }
  return kept;
}

/** Sorts by file, line, character, code, message. */
export function sortDiagnostics<T extends LintDiagnostic>(diagnostics: T[]): T[] {
  return diagnostics.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}
