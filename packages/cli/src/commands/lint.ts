import { writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { FORMAT_NAMES, FORMATTERS, lint, severityAtLeast, type LintReport } from '@apilife/lint';
import { loadProjectConfig, type Severity } from '@apilife/contract';
import { VERSION } from '../cli.ts';
import { EXIT, UsageError, type CommandSpec } from '../command.ts';
import { formatDuration } from '../output.ts';

const SEVERITIES = ['error', 'warn', 'info', 'hint'];

/** `apilife lint`: Spectral + Redocly + house rules, one merged report. */
export const lintCommand: CommandSpec = {
  usage:
    'apilife lint [files or folders...] [--format stylish|json|sarif|junit|github] [--fail-severity error|warn|info|hint] [--max-problems <n>]',
  help: `Without files, lints every contract under the contracts root of apilife.config.yaml.

Options:
  -f, --format <name>        stylish (default), json, sarif, junit, github
  -o, --output <file>        write the report to a file instead of standard output
  -F, --fail-severity <sev>  exit 1 when a finding is at least this severe (default: lint.failSeverity, error)
  -c, --config <file>        the project config (default: apilife.config.yaml, searched upwards)
      --max-problems <n>     list at most n problems, the most severe first (stylish, json, github; sarif
                             and junit always list all); the summary and exit code count every problem
      --no-progress          no live progress line on a terminal (it is never drawn when stderr is not one)
      --no-cache             ignore and don't write the content-hash cache
      --list-rules           print the rules that would run, and exit
  -h, --help                 this help

The stylish format ends with the problems counted by rule (most first) and by severity; json
has the same counts in "summary". SARIF describes every rule, with help and a link to its page.

Exit codes: 0 clean, 1 findings at or above the fail severity, 2 usage, config or input errors.
Suppress a finding with a reason: x-lint-ignore: { <rule>: "<why>" } on the operation or path item,
or in .apilife-lint-ignore.yaml (file → JSON pointer → rule → reason).

Examples:
  apilife lint
  apilife lint contracts/delivery/openapi.yaml --format sarif --output lint.sarif
  apilife lint --fail-severity warn --format github
  apilife lint --max-problems 20`,
  options: {
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    'fail-severity': { type: 'string', short: 'F' },
    config: { type: 'string', short: 'c' },
    'no-cache': { type: 'boolean' },
    'max-problems': { type: 'string' },
    'no-progress': { type: 'boolean' },
    'list-rules': { type: 'boolean' },
  },
  async run({ values, positionals, output, cwd }) {
    const format = (values.format as string | undefined) ?? 'stylish';
    if (!FORMAT_NAMES.includes(format as never)) throw new UsageError(`unknown format "${format}": use one of ${FORMAT_NAMES.join(', ')}`);
    const maxProblems = parseMaxProblems(values['max-problems'] as string | undefined);
    const config = await loadProjectConfig(cwd, values.config as string | undefined);
    const failSeverity = ((values['fail-severity'] as string | undefined) ?? config.lint.failSeverity) as Severity;
    if (!SEVERITIES.includes(failSeverity)) throw new UsageError(`unknown severity "${failSeverity}": use one of ${SEVERITIES.join(', ')}`);
    // A live line on a terminal for the text format only: machine formats and CI logs stay clean.
    const progress = format === 'stylish' && values['no-progress'] !== true ? output.progress?.() : undefined;
    const report = await lint({
      config,
      files: positionals,
      cwd,
      cache: values['no-cache'] !== true,
      rules: format === 'sarif' || values['list-rules'] === true,
      onPhase: progress?.active
        ? ({ label, file, index, total }) =>
            progress.update(file === undefined ? label : `[${index}/${total}] ${label} · ${relative(cwd, file)}`)
        : undefined,
      onFile:
        progress?.active && !values.output
          ? ({ file, cached, findings }) =>
              progress.log(
                `${cached ? '·' : '✓'} ${relative(cwd, file)} · ${findings} finding${findings === 1 ? '' : 's'}${cached ? ' (cached)' : ''}`,
              )
          : undefined,
    }).finally(() => progress?.clear());
    if (values['list-rules']) {
      output.result(listRules(report, format));
      return EXIT.ok;
    }
    const text = FORMATTERS[format as keyof typeof FORMATTERS](report, {
      color: output.color && !values.output,
      failSeverity,
      toolVersion: VERSION,
      ...(maxProblems !== undefined ? { maxProblems } : {}),
    });
    if (values.output) {
      await writeFile(resolve(cwd, values.output as string), text.endsWith('\n') ? text : `${text}\n`);
      output.info(`wrote ${values.output} · ${report.diagnostics.length} findings · ${formatDuration(report.stats.durationMs)}`);
    } else output.result(text);
    if (report.files.length === 0) output.info(' ⚠ no contracts found');
    return report.diagnostics.some((d) => severityAtLeast(d.severity, failSeverity)) ? EXIT.findings : EXIT.ok;
  },
};

/** `--max-problems`: a positive whole number. */
function parseMaxProblems(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`--max-problems must be a positive whole number, got "${value}"`);
  return Number(value);
}

function listRules(report: LintReport, format: string): string {
  if (format === 'json') return JSON.stringify(report.rules, null, 2);
  return report.rules.map((r) => `${r.source.padEnd(8)} ${r.severity.padEnd(5)} ${r.code.padEnd(44)} ${r.description}`).join('\n');
}
