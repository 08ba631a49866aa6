import { relative } from 'node:path';
import { check, resolveBase, type CheckReport, type Finding } from '@apilife/lifecycle';
import { loadProjectConfig, POLICY_RULES, type ProjectConfig } from '@apilife/contract';
import { EXIT, UsageError, type CommandSpec } from '../command.ts';
import { formatDuration } from '../output.ts';
import { formatCheckMarkdown } from './check-markdown.ts';
import { CI_FORMATS, formatCiReport, type CiFormat } from './ci-report.ts';

const FORMATS = ['text', 'json', 'markdown', ...CI_FORMATS] as const;
const PARTS = ['lint', 'generated', 'diff'] as const;

const RULE_HELP: Record<string, string> = {
  lint: 'apilife lint finds no error',
  generated: 'generated code matches the contracts (apilife generate --check)',
  semver: 'info.version bumped: major for breaking, minor for additions, at least patch otherwise',
  'breaking-change': 'no breaking change where the stage forbids it (deploy, maintain, …)',
  'removal-without-deprecation': 'nothing removed or retired that was not deprecated first',
  'removal-before-sunset': 'nothing removed or retired before its sunset',
  'deprecation-sunset': 'a deprecation sets a sunset at least the stage’s sunsetDays ahead',
  'deprecation-successor': 'a deprecation names a successor',
  'sunset-passed': 'no operation left unretired on or after its sunset day (warning)',
  'stage-demotion': 'an API does not move back to an earlier stage (its policy would stop holding)',
  'consumer-in-use':
    'can-i-retire: nothing removed, retired or given a too-near sunset while a deployed or released consumer’s pact uses it (asks broker.url)',
};

/** `apilife check`: the CI gate for versioning, deprecation and lifecycle policy. */
export const checkCommand: CommandSpec = {
  usage:
    'apilife check [--base <git-ref>] [--format text|json|markdown|sarif|junit|github] [--skip lint,generated,diff] [--today YYYY-MM-DD]',
  help: `Compares every contract with itself at the base ref (read from git: nothing is checked out) and applies
the policy of the API's stage (\`info.x-lifecycle.stage\` at the base):

${POLICY_RULES.map((r) => `  ${r.padEnd(28)} ${RULE_HELP[r]}`).join('\n')}

Stages and what a breaking change needs (policy.stages, per stage: breaking allow|major|forbid, sunsetDays):
  plan, design      allow   (break freely; any version change will do)
  develop, test     major   (a major bump; below 1.0.0, a minor one)
  deploy, maintain  forbid  (never; deprecate, wait for the sunset, then remove)

consumer-in-use asks the broker (broker.url in apilife.config.yaml, token in the variable broker.tokenEnv
names) for the consumer versions deployed or released in any environment, reads their pacts with the
provider, and names each one whose interactions use an operation the change removes, retires or gives
a sunset sooner than the policy allows. Without a broker it reports nothing and says so once.

Rules are set in apilife.config.yaml, \`policy.rules.<rule>: error | warn | off\`. A finding is waived
for one version with a reason in the contract; the reason goes into the changelog:
  info:
    x-lifecycle:
      waivers:
        - { version: 2.0.0, rule: breaking-change, change: response-property-removed, subject: GET /v1/orders, reason: "no client reads it (checked in the access logs)" }

Options:
      --base <ref>       the git ref to compare with (default: policy.base, else origin/HEAD, origin/main,
                         origin/master, main or master, the first that exists)
  -f, --format <name>    text (default), json, markdown (a pull-request comment: verdict, changed APIs,
                         findings with their fixes), sarif, junit, github
      --skip <parts>     leave out lint, generated and/or diff (comma separated)
      --today <date>     the day sunsets are compared to, YYYY-MM-DD (default: today)
  -c, --config <file>    the project config (default: apilife.config.yaml, searched upwards)
  -h, --help             this help

Exit codes: 0 the policy holds (warnings and waived findings allowed), 1 an error finding, 2 usage,
config or input errors (a bad ref, an unreadable contract).

Examples:
  apilife check --base origin/main
  apilife check --base v2.3.0 --format github
  apilife check --skip lint,generated --format json
  apilife check --base origin/main --format markdown > comment.md`,
  options: {
    base: { type: 'string' },
    format: { type: 'string', short: 'f' },
    skip: { type: 'string' },
    today: { type: 'string' },
    config: { type: 'string', short: 'c' },
  },
  async run({ values, output, cwd, positionals }) {
    if (positionals.length > 0)
      throw new UsageError(
        `apilife check takes no arguments (got ${positionals.join(' ')}); it checks every contract under the contracts root`,
      );
    const format = (values.format as string | undefined) ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}": use ${FORMATS.join(', ')}`);
    const today = (values.today as string | undefined) ?? new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError(`--today must be a date, YYYY-MM-DD (got "${today}")`);
    const skip = ((values.skip as string | undefined) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const part of skip)
      if (!(PARTS as readonly string[]).includes(part)) throw new UsageError(`unknown part "${part}" in --skip: use ${PARTS.join(', ')}`);
    const config = await loadProjectConfig(cwd, values.config as string | undefined);
    const base = resolveBase(config, values.base as string | undefined);
    if (base === undefined && !skip.includes('diff'))
      throw new UsageError(
        'no base ref: pass --base <ref> or set policy.base in apilife.config.yaml (no origin/HEAD, main or master here)',
      );
    const started = performance.now();
    const report = await check(config, { base: base ?? '', today, cwd, skip: skip as (typeof PARTS)[number][] });
    if (format === 'json') output.result(JSON.stringify(toJson(report, cwd), null, 2));
    else if (format === 'text') output.result(formatText(report, config, cwd, performance.now() - started));
    else if (format === 'markdown') output.result(formatCheckMarkdown(report, config, cwd));
    else output.result(formatCi(format as CiFormat, report, cwd));
    return report.failed > 0 ? EXIT.findings : EXIT.ok;
  },
};

function formatText(report: CheckReport, config: ProjectConfig, cwd: string, ms: number): string {
  const finding = describeFinding(report, cwd);
  const lines: string[] = [`apilife check · base ${report.base || '(none)'} · ${report.today}`];
  const mark = (ok: boolean) => (ok ? '✓' : '✘');
  const projectWide = (rule: string) => report.findings.filter((f) => f.rule === rule && f.api === undefined);
  if (report.lint)
    lines.push(
      `${mark(report.lint.errors === 0)} lint       ${report.lint.files} contract file${report.lint.files === 1 ? '' : 's'} · ${report.lint.errors} error${report.lint.errors === 1 ? '' : 's'}`,
      ...projectWide('lint').map(finding),
    );
  if (report.generated)
    lines.push(
      `${mark(report.generated.drifted === 0)} generated  ${report.generated.folders} folders · ${report.generated.drifted} out of date`,
      ...projectWide('generated').map(finding),
    );
  if (report.canIRetire) {
    const { status, message } = report.canIRetire;
    const inUse = report.findings.some((f) => f.rule === 'consumer-in-use' && f.level === 'error' && !f.waived);
    lines.push(`${status === 'not-configured' ? 'ℹ' : mark(status === 'checked' && !inUse)} ${message}`);
  }
  for (const api of report.apis) {
    const own = report.findings.filter((f) => f.api === api.api);
    if (api.status === 'unchanged' && own.length === 0) continue;
    const failed = own.some((f) => f.level === 'error' && !f.waived);
    const versions =
      api.status === 'added'
        ? `new at ${api.newVersion}`
        : api.status === 'removed'
          ? `removed (was ${api.oldVersion})`
          : `${api.oldVersion} → ${api.newVersion}`;
    const { breaking, warning, info } = api.changes;
    const needs = api.needed && api.status === 'changed' ? ` · needs ${api.needed}, got ${api.bump ?? '?'}` : '';
    lines.push(
      `${mark(!failed)} ${relative(cwd, `${config.contracts}/${api.api}`)}  ${api.stage} · ${versions} · ${breaking} breaking, ${warning + info} other${needs}`,
      ...own.map(finding),
    );
  }
  const shown = new Set(report.apis.map((a) => a.api));
  for (const f of report.findings.filter((x) => x.api !== undefined && !shown.has(x.api))) lines.push(finding(f));
  const errors = report.findings.filter((f) => f.level === 'error' && !f.waived).length;
  const warnings = report.findings.filter((f) => f.level === 'warn' && !f.waived).length;
  const waived = report.findings.filter((f) => f.waived).length;
  lines.push(
    '',
    `${errors === 0 ? 'policy holds' : 'policy violated'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${waived} waived · ${formatDuration(ms)}`,
  );
  return lines.join('\n');
}

/** Describes a finding in three lines or so: rule and message, the fix, the place as file:line (where check placed it). */
function describeFinding(report: CheckReport, cwd: string): (f: Finding) => string {
  const placed = new Map(report.diagnostics.map((d) => [d.data, d]));
  return (f) => {
    const level = f.waived ? 'waived' : f.level === 'error' ? 'error' : 'warn';
    const line = f.pointer !== undefined ? placed.get(f)?.range.start.line : undefined;
    const where = f.file ? `${relative(cwd, f.file)}${line === undefined ? '' : `:${line + 1}`}` : '';
    const detail = [f.waived ? `      waived: ${f.waived.reason}` : `      fix: ${f.fix}`, ...(where ? [`      at: ${where}`] : [])];
    return [
      `    ${level.padEnd(6)} ${f.rule.padEnd(27)} ${f.subject ? `${f.subject}: ` : ''}${f.message}${f.change ? ` [${f.change}]` : ''}`,
      ...detail,
    ].join('\n');
  };
}

/** The report as it is, paths relative to `cwd`; each placed finding with its one-based line and character. */
function toJson(report: CheckReport, cwd: string) {
  const rel = (file: string | undefined) => (file === undefined ? undefined : relative(cwd, file));
  const placed = new Map(report.diagnostics.map((d) => [d.data, d.range.start]));
  const { diagnostics: _placed, ...rest } = report;
  return {
    ...rest,
    findings: report.findings.map((f) => {
      const at = f.pointer !== undefined ? placed.get(f) : undefined;
      return {
        ...f,
        file: rel(f.file),
        ...(at ? { line: at.line + 1, character: at.character + 1 } : {}),
        ...(f.waived ? { waived: { ...f.waived, file: rel(f.waived.file) } } : {}),
      };
    }),
  };
}

function formatCi(format: CiFormat, report: CheckReport, cwd: string): string {
  const active = report.diagnostics.filter((d) => !d.data?.waived);
  return formatCiReport(format, {
    command: 'apilife check',
    cwd,
    files: [...new Set(active.map((d) => d.file))],
    diagnostics: active,
    rules: [...POLICY_RULES, 'waiver'].map((code) => ({
      code,
      description: RULE_HELP[code] ?? 'a waiver in x-lifecycle.waivers is well formed',
      severity: 'error' as const,
    })),
  });
}
