import { dirname, relative, resolve } from 'node:path';
import { diffFiles, diffSinceRef, formatJson, formatMarkdown, formatText, type DiffResult } from '@apilife/diff';
import { isInside, loadProjectConfig } from '@apilife/contract';
import { EXIT, UsageError, type CommandSpec } from '../command.ts';
import { formatDiffAs } from './ci-report.ts';

const FORMATS = ['text', 'json', 'markdown', 'sarif', 'junit', 'github'] as const;

/** `apilife diff`: what changed between two versions of a contract, and whether it breaks clients. */
export const diffCommand: CommandSpec = {
  usage:
    'apilife diff (<old> <new> | --base <git-ref>) [--format text|json|markdown|sarif|junit|github] [--old-root <dir>] [--new-root <dir>]',
  help: `Direction-aware: what clients send (request parameters and bodies; messages a service receives)
may only get looser, what they receive (responses; messages a service sends, replies) only tighter.
Each change has a stable check id, a level (breaking, warning, info), a message and its place in
both documents. $ref moves, schema renames and path-parameter renames are not changes. Removing an
operation is breaking unless it was deprecated and its sunset day has come (from that day the
generated server answers 410), or it was already retired.

With --base, every contract under the project's contracts root is compared with itself at that git
ref (read from git's objects: nothing is checked out); contracts added or removed since are reported.

Options:
      --base <ref>      compare the contracts root with the same root at this git ref (branch, tag, commit)
  -f, --format <name>   text (default), json, markdown (a changelog section), or the CI formats
                        sarif, junit, github (annotations), as \`apilife lint\` writes them
      --old-root <dir>  the folder the old file's $refs may resolve in
      --new-root <dir>  the same for the new file (default for each: the project's contracts root when
                        the file is inside it, else the file's folder)
  -c, --config <file>   the project config (default: apilife.config.yaml, searched upwards)
      --today <date>    the day sunsets are compared to, YYYY-MM-DD (default: today)
  -h, --help            this help

Exit codes: 0 no breaking change, 1 breaking changes found, 2 usage or input errors.

Examples:
  apilife diff /tmp/v1/contracts/delivery/openapi.yaml contracts/delivery/openapi.yaml --old-root /tmp/v1/contracts
  apilife diff v1.yaml v2.yaml --format markdown >> CHANGELOG.md
  apilife diff --base origin/main --format github`,
  options: {
    format: { type: 'string', short: 'f' },
    base: { type: 'string' },
    'old-root': { type: 'string' },
    'new-root': { type: 'string' },
    today: { type: 'string' },
    config: { type: 'string', short: 'c' },
  },
  async run({ values, positionals, output, cwd }) {
    const format = (values.format as string | undefined) ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}": use ${FORMATS.join(', ')}`);
    const today = values.today as string | undefined;
    if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today))
      throw new UsageError(`--today must be a date, YYYY-MM-DD (got "${today}")`);
    const config = await loadProjectConfig(cwd, values.config as string | undefined);
    const base = values.base as string | undefined;
    if (base !== undefined) {
      if (positionals.length > 0) throw new UsageError('give either two contracts or --base <git-ref>, not both');
      const results = await diffSinceRef(config.contracts, base, today ? { today } : {});
      output.result(formatMany(format, results, base, cwd));
      return results.some((r) => r.counts.breaking > 0) ? EXIT.findings : EXIT.ok;
    }
    if (positionals.length !== 2)
      throw new UsageError(
        `give two contracts, the old one and the new one, or --base <git-ref> (got ${positionals.length} contract${positionals.length === 1 ? '' : 's'})`,
      );
    const [oldFile, newFile] = [resolve(cwd, positionals[0]!), resolve(cwd, positionals[1]!)];
    const rootOf = (file: string, flag: unknown) =>
      typeof flag === 'string' ? resolve(cwd, flag) : isInside(file, config.contracts) ? config.contracts : dirname(file);
    const result = await diffFiles(oldFile, newFile, {
      oldRoot: rootOf(oldFile, values['old-root']),
      newRoot: rootOf(newFile, values['new-root']),
      ...(today ? { today } : {}),
    });
    output.result(formatMany(format, [result], undefined, cwd));
    return result.counts.breaking > 0 ? EXIT.findings : EXIT.ok;
  },
};

/** One report for one comparison (two files) or several (every contract since a ref). */
function formatMany(format: string, results: DiffResult[], base: string | undefined, cwd: string): string {
  if (format === 'sarif' || format === 'junit' || format === 'github') return formatDiffAs(format, results, cwd);
  if (base === undefined) {
    const [result] = results as [DiffResult];
    return format === 'json' ? formatJson(result, cwd) : format === 'markdown' ? formatMarkdown(result) : formatText(result, cwd);
  }
  if (format === 'json') return `{"base":${JSON.stringify(base)},"results":[${results.map((r) => formatJson(r, cwd)).join(',')}]}`;
  if (results.length === 0) return format === 'markdown' ? `No contract changed since ${base}.\n` : `no contract changed since ${base}`;
  if (format === 'markdown')
    return results.map((r) => formatMarkdown(r).replace(/^## /, `## ${relative(cwd, r.new.file || r.old.file)} `)).join('\n');
  return results.map((r) => `${relative(cwd, r.new.file || r.old.file)}\n${formatText(r, cwd)}`).join('\n\n');
}
