import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { ConfigError, parsePointer, parseSource, toPointer, type Diagnostic, type JsonPath, type ParsedSource } from '@apilife/contract';
import type { LintDiagnostic, SuppressedDiagnostic } from './report.ts';

/**
 * Suppressions, each with a reason: `x-lint-ignore: { <rule>: <reason> }` on any object of a
 * contract (an operation, a path item, `info`, a schema…) silences that rule for findings at or
 * below it; the ignore file does the same from outside the contract:
 *
 * ```yaml
 * contracts/gateway/openapi.yaml:
 *   "#/paths/~1deliveries~1{id}/get":
 *     operation-tags: "composed view; tagged at the path level"
 * ```
 * A suppression without a reason is itself a finding (`apilife/lint-ignore-reason`), and one
 * that silences nothing is reported as unused (`apilife/lint-ignore-unused`).
 */
export interface Suppression {
  file: string;
  /** Findings at or below this path are covered. */
  path: JsonPath;
  /** Rule code (`operation-tags`, `apilife/problem-json`) or `*`. */
  rule: string;
  reason: string;
  /** Where it is written, for reports: the file, the path of the reason and its range. */
  origin: { file: string; path: JsonPath; inContract: boolean; range: Diagnostic['range'] };
  used: boolean;
}

export const IGNORE_KEY = 'x-lint-ignore';

/** Every `x-lint-ignore` in a parsed contract file. */
export function collectInlineSuppressions(source: ParsedSource): Suppression[] {
  const found: Suppression[] = [];
  // An AsyncAPI 2 file's suppressions are read as written: findings on it name paths as written.
  const { value: document, sourceMap } = source.convertedFrom ?? source;
  const stack: { value: unknown; path: JsonPath }[] = [{ value: document, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === IGNORE_KEY && child !== null && typeof child === 'object' && !Array.isArray(child)) {
        for (const [rule, reason] of Object.entries(child)) {
          const at = [...path, IGNORE_KEY, rule];
          const range = sourceMap.locate(at).range;
          found.push({
            file: source.file,
            path,
            rule,
            reason: typeof reason === 'string' ? reason.trim() : '',
            origin: { file: source.file, path: at, inContract: true, range },
            used: false,
          });
        }
      } else stack.push({ value: child, path: [...path, key] });
    }
  }
  return found.sort(
    (a, b) => a.origin.range.start.line - b.origin.range.start.line || a.origin.range.start.character - b.origin.range.start.character,
  );
}

/** Reads the ignore file (missing is fine). Keys are files relative to the file's folder. */
export async function loadIgnoreFile(file: string): Promise<Suppression[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ConfigError(`cannot read ignore file ${file}`, file, { cause: error });
  }
  const parsed = parseSource(text, file);
  if (parsed.value === undefined && parsed.diagnostics.length > 0) {
    const first = parsed.diagnostics[0]!;
    throw new ConfigError(`invalid ignore file ${file}:${first.range.start.line + 1}: ${first.message}`, file);
  }
  const raw: unknown = parsed.value ?? {};
  const shape = `${file}: expected { <file>: { "<json pointer>": { <rule>: <reason> } } }`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(shape, file);
  const folder = resolve(file, '..');
  const out: Suppression[] = [];
  for (const [target, pointers] of Object.entries(raw)) {
    if (typeof pointers !== 'object' || pointers === null || Array.isArray(pointers))
      throw new ConfigError(`${shape} (at "${target}")`, file);
    for (const [pointer, rules] of Object.entries(pointers)) {
      let path: string[];
      try {
        path = parsePointer(pointer);
      } catch (error) {
        throw new ConfigError(`${file}: "${pointer}" under "${target}" is not a JSON pointer (${(error as Error).message})`, file);
      }
      if (typeof rules !== 'object' || rules === null || Array.isArray(rules))
        throw new ConfigError(`${shape} (at "${target}" → "${pointer}")`, file);
      for (const [rule, reason] of Object.entries(rules)) {
        const at = [target, pointer, rule];
        out.push({
          file: resolve(folder, target),
          path,
          rule,
          reason: typeof reason === 'string' ? reason.trim() : '',
          origin: { file, path: at, inContract: false, range: parsed.sourceMap.locate(at).range },
          used: false,
        });
      }
    }
  }
  return out;
}

const covers = (s: Suppression, d: Diagnostic): boolean =>
  s.file === d.file &&
  (s.rule === '*' || s.rule === d.code || s.rule === `apilife/${d.code}`) &&
  s.path.length <= d.path.length &&
  s.path.every((t, i) => String(t) === String(d.path[i]));

/** Splits findings into kept and suppressed, and adds findings about the suppressions themselves. */
export function applySuppressions(
  diagnostics: LintDiagnostic[],
  suppressions: Suppression[],
  cwd: string,
  linted: ReadonlySet<string>,
): { kept: LintDiagnostic[]; suppressed: SuppressedDiagnostic[] } {
  const kept: LintDiagnostic[] = [];
  const suppressed: SuppressedDiagnostic[] = [];
  for (const d of diagnostics) {
    const by = suppressions.find((s) => covers(s, d));
    if (!by) {
      kept.push(d);
      continue;
    }
    by.used = true;
    suppressed.push({ ...d, reason: by.reason, suppressedBy: `${relative(cwd, by.origin.file)}:${by.origin.range.start.line + 1}` });
  }
  for (const s of suppressions) {
    const range = s.origin.range;
    const where = s.origin.inContract
      ? `${IGNORE_KEY} at ${toPointer(s.path) || '/'}`
      : `ignore entry ${toPointer(s.origin.path.slice(1)) || '/'}`;
    if (s.reason === '') {
      kept.push({
        code: 'apilife/lint-ignore-reason',
        severity: 'error',
        message: `${where} silences "${s.rule}" without a reason: say why (e.g. ${s.rule}: "legacy endpoint kept for the mobile app")`,
        file: s.origin.file,
        path: s.origin.path,
        range,
        source: 'apilife',
      });
    }
    // An ignore-file entry for a file not linted in this run may well be used elsewhere.
    if (!s.used && linted.has(s.file)) {
      kept.push({
        code: 'apilife/lint-ignore-unused',
        severity: 'warn',
        message: `${where} silences "${s.rule}", which reports nothing there: remove it`,
        file: s.origin.file,
        path: s.origin.path,
        range,
        source: 'apilife',
      });
    }
  }
  return { kept, suppressed };
}
