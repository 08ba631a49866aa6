import { relative } from 'node:path';
import type { DiffResult } from './index.ts';
import type { Change, Level } from './index.ts';

const ORDER: Level[] = ['breaking', 'warning', 'info'];
const sorted = (changes: Change[]) =>
  [...changes].sort(
    (a, b) => ORDER.indexOf(a.level) - ORDER.indexOf(b.level) || a.subject.localeCompare(b.subject) || a.id.localeCompare(b.id),
  );
const where = (change: Change, cwd: string) => {
  const place = change.new ?? change.old!;
  return `${relative(cwd, place.file) || place.file}#${place.pointer}`;
};

/** The terminal report: one line a change, breaking first, then the counts. */
export function formatText(result: DiffResult, cwd: string): string {
  const lines = sorted(result.changes).map(
    (c) => `${c.level.padEnd(8)} ${c.id.padEnd(40)} ${c.subject}: ${c.message}\n         ${' '.repeat(40)} ${where(c, cwd)}`,
  );
  const { breaking, warning, info } = result.counts;
  lines.push(
    `${result.changes.length === 0 ? 'no changes' : `${breaking} breaking, ${warning} warning${warning === 1 ? '' : 's'}, ${info} info`} · ${result.old.version} → ${result.new.version}`,
  );
  return lines.join('\n');
}

/** A changelog section (markdown): the version, then breaking changes, deprecations and the rest. */
export function formatMarkdown(result: DiffResult): string {
  const out = [`## ${result.new.version}`, ''];
  const sections: [string, Level][] = [
    ['Breaking changes', 'breaking'],
    ['Warnings', 'warning'],
    ['Changes', 'info'],
  ];
  for (const [title, level] of sections) {
    const changes = sorted(result.changes).filter((c) => c.level === level);
    if (changes.length === 0) continue;
    out.push(`### ${title}`, '', ...changes.map(formatChangeLine), '');
  }
  if (result.changes.length === 0) out.push('No changes to the contract.', '');
  return out.join('\n');
}

/** One changelog line: `- **<subject>**: <message> (\`<check id>\`)`. */
export function formatChangeLine(change: Change): string {
  return `- **${change.subject}**: ${change.message.replace(/\|/g, '\\|')} (\`${change.id}\`)`;
}

/** Deprecations of operations, parameters and properties (`operation-deprecated`, `request-parameter-deprecated`, …). */
const isDeprecation = (c: Change) => /(^|-)deprecated$/.test(c.id) && !c.id.endsWith('-undeprecated');

/** Where a change goes in a changelog: breaking, a deprecation (an operation, parameter or property deprecated), or other. */
export function changeGroup(c: Change): 'breaking' | 'deprecation' | 'other' {
  return c.level === 'breaking' ? 'breaking' : isDeprecation(c) ? 'deprecation' : 'other';
}

/**
 * The changes of a release as changelog subsections (`### Breaking changes`, `### Deprecations` for
 * operations, parameters and properties deprecated, `### Other changes`), in `formatMarkdown`'s
 * line style; no lines when there are no changes. Lines end with a blank line.
 */
export function formatChangelogChanges(changes: Change[]): string[] {
  const out: string[] = [];
  const groups: [string, (c: Change) => boolean][] = [
    ['Breaking changes', (c) => changeGroup(c) === 'breaking'],
    ['Deprecations', (c) => changeGroup(c) === 'deprecation'],
    ['Other changes', (c) => changeGroup(c) === 'other'],
  ];
  for (const [title, belongs] of groups) {
    const lines = sorted(changes).filter(belongs).map(formatChangeLine);
    if (lines.length > 0) out.push(`### ${title}`, '', ...lines, '');
  }
  return out;
}

/** Machine-readable: the result as it is (its changes; the placed findings are for the CI formats), locations relative to `cwd`. */
export function formatJson(result: DiffResult, cwd: string): string {
  const rel = (file: string) => relative(cwd, file) || file;
  const { diagnostics: _placed, ...rest } = result;
  return JSON.stringify(
    {
      ...rest,
      old: { ...result.old, file: rel(result.old.file) },
      new: { ...result.new, file: rel(result.new.file) },
      changes: sorted(result.changes).map((c) => ({
        ...c,
        ...(c.old ? { old: { ...c.old, file: rel(c.old.file) } } : {}),
        ...(c.new ? { new: { ...c.new, file: rel(c.new.file) } } : {}),
      })),
    },
    null,
    2,
  );
}
