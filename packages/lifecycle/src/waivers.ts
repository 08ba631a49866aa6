import { sameVersion, toPointer, type Lifecycle } from '@apilife/contract';

/**
 * A policy finding accepted on purpose, written in the contract beside the change it excuses:
 * `info.x-lifecycle.waivers: [{ version, rule, change?, subject?, reason }]`. It applies to one
 * version transition only: the change that produced `version` (or, while the version stays, the
 * change that added the waiver), so it cannot excuse a later one; its reason goes into the
 * changelog of that version.
 */
export interface Waiver {
  /** The `info.version` whose change it excuses. */
  version: string;
  /** The policy rule it waives (`breaking-change`, `semver`, …). */
  rule: string;
  /** Narrows it to one `apilife diff` check id. */
  change?: string;
  /** Narrows it to one operation or channel, as the diff names it (`POST /v1/deliveries`). */
  subject?: string;
  reason: string;
  /** Where it is written. */
  file: string;
  pointer: string;
}

/** A waiver that cannot be used, and why. */
export interface WaiverProblem {
  file: string;
  pointer: string;
  message: string;
}

const FIELDS = new Set(['version', 'rule', 'change', 'subject', 'reason']);

/** The well-formed waivers of an API's `x-lifecycle`; see `waiverProblems` for the others. */
export function readWaivers(lifecycle: Lifecycle): Waiver[] {
  return entries(lifecycle).flatMap(({ value, file, pointer }) =>
    problemOf(value) ? [] : [toWaiver(value as Record<string, unknown>, file, pointer)],
  );
}

/** Waivers missing a reason, a version or a rule, or with unknown fields. */
export function waiverProblems(lifecycle: Lifecycle, rules: readonly string[]): WaiverProblem[] {
  const problems: WaiverProblem[] = [];
  const list = lifecycle.raw.value.waivers;
  if (list !== undefined && !Array.isArray(list))
    problems.push({
      file: lifecycle.raw.file,
      pointer: toPointer([...lifecycle.raw.path, 'waivers']),
      message: '`x-lifecycle.waivers` must be a list of { version, rule, reason }',
    });
  for (const { value, file, pointer } of entries(lifecycle)) {
    const problem =
      problemOf(value) ??
      (rules.includes(String((value as Record<string, unknown>).rule))
        ? undefined
        : `waiver for unknown rule "${String((value as Record<string, unknown>).rule)}": use one of ${rules.join(', ')}`);
    if (problem) problems.push({ file, pointer, message: problem });
  }
  return problems;
}

/** What a waiver is matched against: one finding of `apilife check`. */
export interface WaivableFinding {
  rule: string;
  change?: string;
  subject?: string;
}

/**
 * True when the waiver excuses a finding of `rule` about `change`/`subject` in the change to
 * `version` (the same version: build metadata does not count). Subjects compare with path
 * parameters as `{}`: `GET /orders/{}` and `GET /orders/{orderId}` are one operation, as diff matches them.
 */
export function waives(waiver: Waiver, finding: WaivableFinding & { version: string }): boolean {
  return sameVersion(waiver.version, finding.version) && matches(waiver, finding);
}

/** The waiver's rule, change and subject fit the finding (its version aside). */
const matches = (waiver: Waiver, finding: WaivableFinding): boolean =>
  waiver.rule === finding.rule &&
  (waiver.change === undefined || waiver.change === finding.change) &&
  (waiver.subject === undefined || (finding.subject !== undefined && subjectKey(waiver.subject) === subjectKey(finding.subject)));

/** A subject with its path parameters as `{}`. */
const subjectKey = (subject: string): string => subject.trim().replace(/\{[^}]*\}/g, '{}');

/**
 * Why a waiver for the current change excused none of its findings: the first of rule, change and
 * subject that no finding has, naming what the findings have instead.
 * @example
 * whyUnmatched(waiver, findings) // 'no breaking-change finding is about GET /orders (they are about GET /orders/{id})'
 */
export function whyUnmatched(waiver: Waiver, findings: readonly WaivableFinding[]): string {
  const sameRule = findings.filter((f) => f.rule === waiver.rule);
  if (sameRule.length === 0)
    return findings.length === 0
      ? 'this change has no finding to waive'
      : `this change has no ${waiver.rule} finding (it has ${list(findings.map((f) => f.rule))})`;
  const sameChange = sameRule.filter((f) => waiver.change === undefined || f.change === waiver.change);
  if (sameChange.length === 0)
    return `no ${waiver.rule} finding comes from change ${waiver.change} (they come from ${list(sameRule.map((f) => f.change ?? 'no diff check'))})`;
  return `no ${waiver.rule} finding${waiver.change ? ` from ${waiver.change}` : ''} is about ${waiver.subject} (they are about ${list(sameChange.map((f) => f.subject ?? 'the whole API'))})`;
}

/** True when the waiver fits one of the findings, whatever its version. */
export const fitsAny = (waiver: Waiver, findings: readonly WaivableFinding[]): boolean => findings.some((f) => matches(waiver, f));

/** Two waivers written alike (where they are written aside). */
export const sameWaiver = (a: Waiver, b: Waiver): boolean =>
  sameVersion(a.version, b.version) && a.rule === b.rule && a.change === b.change && a.subject === b.subject && a.reason === b.reason;

const list = (items: readonly string[]): string => [...new Set(items)].join(', ');

function entries(lifecycle: Lifecycle): { value: unknown; file: string; pointer: string }[] {
  const list = lifecycle.raw.value.waivers;
  if (!Array.isArray(list)) return [];
  return list.map((value, index) => ({ value, file: lifecycle.raw.file, pointer: toPointer([...lifecycle.raw.path, 'waivers', index]) }));
}

function problemOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a waiver must be a mapping { version, rule, reason }';
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).find((key) => !FIELDS.has(key));
  if (unknown) return `unknown waiver field "${unknown}": use version, rule, change, subject and reason`;
  for (const key of ['version', 'rule', 'reason'] as const) {
    if (typeof record[key] !== 'string' || (record[key] as string).trim() === '')
      return `a waiver needs a ${key}${key === 'reason' ? ' (why the finding is accepted; it goes into the changelog)' : ''}`;
  }
  for (const key of ['change', 'subject'] as const)
    if (record[key] !== undefined && typeof record[key] !== 'string') return `waiver field ${key} must be a string`;
  return undefined;
}

function toWaiver(record: Record<string, unknown>, file: string, pointer: string): Waiver {
  const waiver: Waiver = {
    version: String(record.version),
    rule: String(record.rule),
    reason: String(record.reason).trim(),
    file,
    pointer,
  };
  if (typeof record.change === 'string') waiver.change = record.change;
  if (typeof record.subject === 'string') waiver.subject = record.subject;
  return waiver;
}
