import { toPointer, severityRank } from '@apilife/spec';
import type { LintDiagnostic } from './report.ts';

/**
 * Rules of different engines that report the same thing. A finding of one at the same file and
 * JSON path as a finding of another in its group is one finding in the merged report.
 */
export const EQUIVALENT_RULES: readonly (readonly string[])[] = [
  ['operation-operationId-unique', 'redocly:operation-operationId-unique'],
  ['operation-operationId-valid-in-url', 'redocly:operation-operationId-url-safe'],
  ['operation-operationId', 'redocly:operation-operationId'],
  ['operation-description', 'redocly:operation-description'],
  ['operation-summary', 'redocly:operation-summary'],
  ['operation-tag-defined', 'redocly:operation-tag-defined'],
  ['operation-success-response', 'redocly:operation-2xx-response'],
  ['operation-parameters', 'redocly:operation-parameters-unique'],
  ['path-params', 'redocly:path-parameters-defined'],
  ['path-declarations-must-exist', 'redocly:path-declaration-must-exist'],
  ['path-keys-no-trailing-slash', 'redocly:no-path-trailing-slash'],
  ['path-not-include-query', 'redocly:path-not-include-query'],
  ['oas3-server-trailing-slash', 'redocly:no-server-trailing-slash'],
  ['oas3-api-servers', 'redocly:no-empty-servers'],
  ['oas3-unused-component', 'redocly:no-unused-components'],
  ['info-contact', 'redocly:info-contact'],
  ['info-license', 'redocly:info-license'],
  ['license-url', 'redocly:info-license-url'],
  ['tag-description', 'redocly:tag-description'],
  ['typed-enum', 'redocly:no-enum-type-mismatch'],
  ['oas3-schema', 'redocly:struct', 'asyncapi-schema', 'asyncapi-3-schema'],
  ['oas3-valid-media-example', 'oas3-valid-schema-example', 'redocly:no-invalid-media-type-examples', 'redocly:no-invalid-schema-examples', 'redocly:no-invalid-parameter-examples', 'apilife:apilife/valid-examples'],
  ['invalid-ref', 'redocly:no-unresolved-refs', 'apilife:ref-unresolved', 'apilife:ref-not-found', 'apilife:ref-outside-root', 'apilife:ref-remote-denied', 'apilife:ref-invalid', 'apilife:ref-cycle'],
  ['oas3-operation-security-defined', 'redocly:security-defined'],
  ['apilife:apilife/operation-id-style', 'operation-operationId'],
];

const ENGINE_ORDER = ['apilife', 'spectral', 'redocly'];

/** `spectral` codes are bare; others are qualified as `<source>:<code>`. */
function qualified(d: { code: string; source: string }): string {
  return d.source === 'spectral' ? d.code : `${d.source}:${d.code}`;
}

const GROUP = new Map<string, number>();
EQUIVALENT_RULES.forEach((group, i) => group.forEach((code) => GROUP.set(code, i)));

/**
 * De-duplicates findings: the same code at the same place (two contracts sharing a file), and
 * equivalent rules of different engines at the same file and path. The kept finding is the most
 * severe, then the first engine in apilife → spectral → redocly order; the others go to `also`.
 * Then sorts by file, line, character and code.
 */
export function mergeDiagnostics(diagnostics: readonly LintDiagnostic[]): LintDiagnostic[] {
  const byKey = new Map<string, LintDiagnostic[]>();
  const order = (d: LintDiagnostic) => severityRank(d.severity) * 10 + ENGINE_ORDER.indexOf(d.source);
  const sorted = [...diagnostics].sort((a, b) => order(a) - order(b));
  for (const d of sorted) {
    const group = GROUP.get(qualified(d));
    const identity = group === undefined ? `${d.source}:${d.code}` : `group:${group}`;
    const key = `${d.file}\u0000${toPointer(d.path)}\u0000${identity}`;
    const entries = byKey.get(key) ?? [];
    byKey.set(key, entries);
    // The very same finding twice (a shared file reached from two contracts): keep one.
    if (entries.some((e) => e.code === d.code && e.source === d.source && e.message === d.message)) continue;
    // Another engine's word for a finding already here: fold it in, once per engine.
    const twin = group === undefined ? undefined : entries.find((e) => e.source !== d.source && !e.also?.some((a) => a.source === d.source));
    if (twin) (twin.also ??= []).push({ code: d.code, source: d.source });
    else entries.push({ ...d });
  }
  return sortDiagnostics(foldByPosition([...byKey.values()].flat()));
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
      const own = (a: { code: string; source: string; pointer?: string }) => (a.pointer === undefined && pointer !== toPointer(twin.path) ? { ...a, pointer } : a);
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
