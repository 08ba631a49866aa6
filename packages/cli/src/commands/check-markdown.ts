import { relative } from 'node:path';
import type { CheckReport, Finding } from '@apilife/lifecycle';
import type { ProjectConfig } from '@apilife/contract';

/** Contract text in Markdown: no HTML, no table breaks, no emphasis or links by accident. */
const md = (text: string): string => text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');

/**
 * `apilife check --format markdown`: the report as a pull-request comment, a verdict line, a table
 * of the APIs that changed (versions, breaking and other changes, the bump needed) and each finding
 * with its fix and place. The GitHub Action (.github/actions/apilife) posts it.
 */
export function formatCheckMarkdown(report: CheckReport, config: ProjectConfig, cwd: string): string {
  const active = report.findings.filter((f) => !f.waived);
  const errors = active.filter((f) => f.level === 'error').length;
  const warnings = active.filter((f) => f.level === 'warn').length;
  const waived = report.findings.length - active.length;
  const breaking = report.apis.reduce((sum, api) => sum + api.changes.breaking, 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    `### ${errors === 0 ? '✅ apilife check: policy holds' : '❌ apilife check: policy violated'}`,
    '',
    `Base \`${md(report.base || '(none)')}\` · ${report.today} · ${plural(breaking, 'breaking change')} · ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${waived} waived`,
  ];
  const changed = report.apis.filter((api) => api.status !== 'unchanged' || report.findings.some((f) => f.api === api.api));
  if (changed.length > 0) {
    lines.push('', '| API | stage | version | breaking | other | bump |', '| --- | --- | --- | ---: | ---: | --- |');
    for (const api of changed) {
      const failed = active.some((f) => f.api === api.api && f.level === 'error');
      const version =
        api.status === 'added'
          ? `new at ${api.newVersion}`
          : api.status === 'removed'
            ? `removed (was ${api.oldVersion})`
            : `${api.oldVersion} → ${api.newVersion}`;
      const bump = api.needed && api.status === 'changed' ? `needs ${api.needed}, got ${api.bump ?? '?'}` : '';
      const { warning, info } = api.changes;
      lines.push(
        `| ${failed ? '❌' : '✅'} \`${md(relative(cwd, `${config.contracts}/${api.api}`))}\` | ${api.stage} | ${md(version ?? '')} | ${api.changes.breaking} | ${warning + info} | ${bump} |`,
      );
    }
  }
  if (report.findings.length > 0) {
    const placed = new Map(report.diagnostics.map((d) => [d.data, d.range.start.line + 1]));
    lines.push('', '#### Findings', '', ...report.findings.map((f) => findingLine(f, placed.get(f), cwd)));
  }
  if (report.canIRetire) lines.push('', `${report.canIRetire.status === 'not-configured' ? 'ℹ️' : '🔎'} ${md(report.canIRetire.message)}`);
  return `${lines.join('\n')}\n`;
}

function findingLine(f: Finding, line: number | undefined, cwd: string): string {
  const mark = f.waived ? '☑️ waived' : f.level === 'error' ? '❌ error' : '⚠️ warn';
  const where = f.file ? ` (\`${md(relative(cwd, f.file))}${line === undefined ? '' : `:${line}`}\`)` : '';
  const what = `${f.subject ? `${md(f.subject)}: ` : ''}${md(f.message)}${f.change ? ` \`${f.change}\`` : ''}`;
  const then = f.waived ? `waived: ${md(f.waived.reason)}` : `fix: ${md(f.fix)}`;
  return `- ${mark} **${f.rule}** ${what}${where}\n  ${then}`;
}
