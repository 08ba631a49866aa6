import { sameVersion, toPointer, type Lifecycle } from '@apilife/spec';

/**
 * A policy finding accepted on purpose, written in the contract beside the change it excuses:
 * `info.x-lifecycle.waivers: [{ version, rule, change?, subject?, reason }]`. It applies only to
 * the change that produced `version`, so it cannot excuse a later one; its reason goes into the
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
  return entries(lifecycle).flatMap(({ value, file, pointer }) => (problemOf(value) ? [] : [toWaiver(value as Record<string, unknown>, file, pointer)]));
}

/** Waivers missing a reason, a version or a rule, or with unknown fields. */
export function waiverProblems(lifecycle: Lifecycle, rules: readonly string[]): WaiverProblem[] {
  const problems: WaiverProblem[] = [];
  const list = lifecycle.raw.value.waivers;
  if (list !== undefined && !Array.isArray(list)) problems.push({ file: lifecycle.raw.file, pointer: toPointer([...lifecycle.raw.path, 'waivers']), message: '`x-lifecycle.waivers` must be a list of { version, rule, reason }' });
  for (const { value, file, pointer } of entries(lifecycle)) {
    const problem = problemOf(value) ?? (rules.includes(String((value as Record<string, unknown>).rule)) ? undefined : `waiver for unknown rule "${String((value as Record<string, unknown>).rule)}": use one of ${rules.join(', ')}`);
    if (problem) problems.push({ file, pointer, message: problem });
  }
  return problems;
}

/** True when the waiver excuses a finding of `rule` about `change`/`subject` in the change to `version` (the same version: build metadata does not count). */
export function waives(waiver: Waiver, finding: { rule: string; version: string; change?: string; subject?: string }): boolean {
  return sameVersion(waiver.version, finding.version) && waiver.rule === finding.rule && (waiver.change === undefined || waiver.change === finding.change) && (waiver.subject === undefined || waiver.subject === finding.subject);
}

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
    if (typeof record[key] !== 'string' || (record[key] as string).trim() === '') return `a waiver needs a ${key}${key === 'reason' ? ' (why the finding is accepted; it goes into the changelog)' : ''}`;
  }
  for (const key of ['change', 'subject'] as const) if (record[key] !== undefined && typeof record[key] !== 'string') return `waiver field ${key} must be a string`;
  return undefined;
}

function toWaiver(record: Record<string, unknown>, file: string, pointer: string): Waiver {
  const waiver: Waiver = { version: String(record.version), rule: String(record.rule), reason: String(record.reason).trim(), file, pointer };
  if (typeof record.change === 'string') waiver.change = record.change;
  if (typeof record.subject === 'string') waiver.subject = record.subject;
  return waiver;
}
