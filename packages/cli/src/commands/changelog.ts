import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import {
  changelog,
  formatChangelogMarkdown,
  selectApis,
  type ApiChangelog,
  type ChangelogChange,
  type ChangelogReport,
} from '@apilife/lifecycle';
import { loadProjectConfig } from '@apilife/contract';
import { EXIT, UsageError, type CommandSpec } from '../command.ts';
import { formatDuration } from '../output.ts';

const FORMATS = ['markdown', 'json'] as const;

/** `apilife changelog`: per-API changelogs written from the contracts' git history. */
export const changelogCommand: CommandSpec = {
  usage: 'apilife changelog [<api>...] [--since <git-ref>] [--out <dir>] [--format markdown|json] [--today YYYY-MM-DD]',
  help: `Reads every commit on HEAD's first-parent line that changed the contracts root, oldest first, plus the
working tree as a last, uncommitted state when it differs from HEAD (so a changelog can be checked
before committing). For each API, a state counts when its entry file or a part of a file it reaches
by $ref changed. A version is released by the first state that has it (\`info.version\`, read as
semver: build metadata is no new version, a prerelease is one), and its section lists what
\`apilife diff\` finds between the release before and that state: commits made before the bump belong
to the version that ships them, on a branch as after merging it. Changes after the last release are
"Unreleased". Nothing is checked out.

Sections: \`## Unreleased\`, then \`## <version> — <date of the commit that released it>\` ("uncommitted"
for the working tree), newest first, with Breaking changes, Deprecations and Other changes, one line a
change: the operation or channel, what changed in words (deprecations and retirements with their sunset
and successor) and the check id; JSON pointers only in --format json. The API's first version is its
introduction ("First version of <title>"). Waivers in the newest contract's info.x-lifecycle.waivers are
listed, with their reasons, under the version they name. A state whose contract cannot be read is left
out and named at the top.

Arguments:
  <api>                 a service (every contract in its folder) or a contract file, relative to the
                        current folder or to the contracts root (default: every API under the root)

Options:
      --since <ref>     only versions released after this git ref (a tag, branch or commit), and
                        unreleased changes when some came after it
      --out <dir>       write one file per API, <dir>/<service>/<openapi|asyncapi>.md (.json with
                        --format json), and list them; default: print to standard output
  -f, --format <name>   markdown (default), or json: [{ api, path, title, versions: [{ version, date,
                        commits, first, stage, changes, waivers }], unreleased: { version, commits, changes }
                        or null, skipped }]; a change has id, level, subject, message, text, commit
                        and its old/new places (file and JSON pointer, relative to the repository)
      --today <date>    the date of the uncommitted state, YYYY-MM-DD (default: today)
  -c, --config <file>   the project config (default: apilife.config.yaml, searched upwards)
  -h, --help            this help

Exit codes: 0 written, 2 usage or input errors (not a git repository, an unknown ref or API).

Examples:
  apilife changelog delivery
  apilife changelog contracts/delivery/openapi.yaml --since v4.1.0
  apilife changelog --out docs/changelog
  apilife changelog --format json > changelog.json`,
  options: {
    since: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string', short: 'f' },
    today: { type: 'string' },
    config: { type: 'string', short: 'c' },
  },
  async run({ values, positionals, output, cwd }) {
    const format = (values.format as string | undefined) ?? 'markdown';
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}": use ${FORMATS.join(', ')}`);
    const today = values.today as string | undefined;
    if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today))
      throw new UsageError(`--today must be a date, YYYY-MM-DD (got "${today}")`);
    const since = values.since as string | undefined;
    const config = await loadProjectConfig(cwd, values.config as string | undefined);
    const apis = positionals.length > 0 ? selectApis(config.contracts, positionals, cwd) : undefined;
    const started = performance.now();
    const report = await changelog(config, {
      ...(apis ? { apis } : {}),
      ...(since !== undefined ? { since } : {}),
      ...(today ? { today } : {}),
    });
    for (const log of report.apis)
      for (const s of log.skipped) output.info(` ⚠ ${log.path}: ${s.commit.slice(0, 7)} (${s.date}) left out: ${s.reason}`);
    const render = (log: ApiChangelog) =>
      format === 'json' ? JSON.stringify(toJson(log, report), null, 2) : formatChangelogMarkdown(log, since !== undefined ? { since } : {});
    const out = values.out as string | undefined;
    if (out !== undefined) {
      const written = report.apis.map((log) => {
        const file = join(resolve(cwd, out), `${log.api.replace(/\.(ya?ml|json)$/i, '')}.${format === 'json' ? 'json' : 'md'}`);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, `${render(log).trimEnd()}\n`);
        return { api: log.path, file: relative(cwd, file), versions: log.versions.length };
      });
      output.result(
        format === 'json'
          ? JSON.stringify(written, null, 2)
          : written.map((w) => `✓ ${w.file} · ${w.api} · ${w.versions} version${w.versions === 1 ? '' : 's'}`).join('\n'),
      );
    } else if (format === 'json') output.result(`[${report.apis.map(render).join(',\n')}]`);
    else output.result(report.apis.map(render).join('\n---\n\n'));
    output.info(
      `apilife changelog · ${report.apis.length} API${report.apis.length === 1 ? '' : 's'} · ${report.states} state${report.states === 1 ? '' : 's'} of the contracts · ${formatDuration(performance.now() - started)}`,
    );
    return EXIT.ok;
  },
};

/** One API's changelog for `--format json`: paths relative to the repository's top folder. */
function toJson(log: ApiChangelog, report: ChangelogReport) {
  const rel = (file: string) => relative(report.repository, file);
  const changes = (list: ChangelogChange[]) =>
    list.map((c) => ({
      ...c,
      ...(c.old ? { old: { ...c.old, file: rel(c.old.file) } } : {}),
      ...(c.new ? { new: { ...c.new, file: rel(c.new.file) } } : {}),
    }));
  return {
    api: log.api,
    path: log.path,
    title: log.title,
    versions: log.versions.map((v) => ({ ...v, changes: changes(v.changes) })),
    unreleased: log.unreleased && { ...log.unreleased, changes: changes(log.unreleased.changes) },
    skipped: log.skipped,
  };
}
