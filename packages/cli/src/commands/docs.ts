import { relative, resolve } from 'node:path';
import { loadProjectConfig } from '@apilife/contract';
import { EXIT, UsageError, type CommandEntry, type CommandSpec } from '../command.ts';
import { formatDuration, type Output } from '../output.ts';

type BuildReport = Awaited<ReturnType<typeof import('@apilife/docs').buildPortal>>;

const COMMON_HELP = `What the portal holds (every contract under the contracts root, OpenAPI 3.0/3.1 and AsyncAPI 2.x/3):
  index.html             the catalog: each API's kind, owner, stage, version, deprecated operations
                         with their sunsets (overdue ones marked), its last release and its changes,
                         its consumers; filters by stage, owner and kind; a contract that cannot be
                         read is shown broken, with its error, and the rest is built
  apis/<service>/<openapi|asyncapi>.html
                         the reference (operations, parameters, bodies, responses, channels,
                         messages, schemas, examples; Deprecated and Sunset badges; deep links
                         #op-<operationId>, #channel-<key>, #message-<key>, #schema-<name>), the
                         changelog (apilife changelog), the lifecycle history, each operation's
                         consumers (from pacts) and the contract's files
  system.html            the interaction graph: services, an edge per HTTP call and per message,
                         with its interaction style and pattern, drawn as SVG from the contracts
  files/<path>.html      each contract file with numbered lines (#L12), and the file itself
Search (every page; / or Ctrl+K) finds APIs, operations, channels, messages and schemas.
Nothing in the site requests another host: no CDN, no fonts, no analytics; every script and style
is in assets/ and every page has a Content-Security-Policy that allows nothing else. Links are
relative: open index.html from disk, or serve the folder from any path.

Consumers come from the pact files in docs.pacts (default pacts/ beside the config when it exists)
and, when a broker is configured (broker.url, APILIFE_BROKER_URL), from the consumer versions
deployed or released there.`;

const SHARED_OPTIONS = {
  out: { type: 'string', short: 'o' },
  today: { type: 'string' },
  'no-changelog': { type: 'boolean' },
  pacts: { type: 'string' },
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
} as const;

const SHARED_FLAGS = `  -o, --out <dir>       where the site is written (default: docs.out in the config, else docs-site);
                        the folder is replaced, so it must be empty or an earlier portal
      --today <date>    the day sunsets and overdue operations are judged on, YYYY-MM-DD (default today)
      --no-changelog    leave the changelogs out (they read the contracts' whole git history)
      --pacts <dir>     the pact files that name consumers (default: docs.pacts, else pacts/ when it exists)
  -c, --config <file>   the project config (default: apilife.config.yaml, searched upwards)`;

interface Settings {
  out?: string;
  today?: string;
  changelog: boolean;
  pacts?: string;
  format: 'text' | 'json';
}

function settings(values: Record<string, unknown>): Settings {
  const format = (values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}": use text or json`);
  const today = values.today as string | undefined;
  if (today !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(`${today}T00:00:00Z`))))
    throw new UsageError(`--today must be a date, YYYY-MM-DD (got "${today}")`);
  return {
    ...(values.out !== undefined ? { out: values.out as string } : {}),
    ...(today !== undefined ? { today } : {}),
    changelog: values['no-changelog'] !== true,
    ...(values.pacts !== undefined ? { pacts: values.pacts as string } : {}),
    format,
  };
}

async function portalOptions(s: Settings, values: Record<string, unknown>, cwd: string) {
  const config = await loadProjectConfig(cwd, values.config as string | undefined);
  return {
    config,
    ...(s.out !== undefined ? { out: resolve(cwd, s.out) } : {}),
    ...(s.today !== undefined ? { today: s.today } : {}),
    changelog: s.changelog,
    ...(s.pacts !== undefined ? { pacts: resolve(cwd, s.pacts) } : {}),
  };
}

/** The build in a few words, or as JSON: where, pages, APIs, the broken ones with their errors. */
function describeBuild(report: BuildReport, format: 'text' | 'json', cwd: string, url?: string): string {
  const broken = report.site.apis.filter((a) => a.error !== undefined);
  if (format === 'json')
    return JSON.stringify(
      {
        out: relative(cwd, report.out) || '.',
        ...(url ? { url } : {}),
        pages: report.pages.length,
        apis: report.apis,
        broken: broken.map((a) => ({ api: a.path, error: a.error })),
        durationMs: report.ms,
      },
      null,
      2,
    );
  const lines = [
    `✓ ${relative(cwd, report.out) || '.'}/index.html · ${report.apis} API${report.apis === 1 ? '' : 's'} · ${report.pages.length} pages · ${formatDuration(report.ms)}`,
    ...broken.map((a) => ` ✘ ${a.path} is shown broken: ${a.error}`),
  ];
  if (url) lines.push(`apilife docs serving ${url} (rebuilds when a contract changes; Ctrl-C stops)`);
  return lines.join('\n');
}

const docsBuildCommand: CommandSpec = {
  usage: 'apilife docs build [--out <dir>] [--today YYYY-MM-DD] [--no-changelog] [--pacts <dir>] [--strict] [--format text|json]',
  help: `Writes the API portal: a static site for every contract, that works offline and from disk.

${COMMON_HELP}

Options:
${SHARED_FLAGS}
      --strict          exit 1 when a contract cannot be read (the site is still written, showing it broken):
                        for a docs gate in CI
  -f, --format <name>   text (default), or json: {"out","pages","apis","broken":[{"api","error"}],"durationMs"}
  -h, --help            this help

Exit codes: 0 written (broken contracts are shown on the site and listed), 1 with --strict when a
contract is broken, 2 usage, config or output-folder errors.

Examples:
  apilife docs build
  apilife docs build --out public/apis --today 2027-01-01
  apilife docs build --no-changelog --format json`,
  options: { ...SHARED_OPTIONS, strict: { type: 'boolean' } },
  async run({ values, positionals, output, cwd }) {
    if (positionals.length > 0) throw new UsageError(`docs build takes no arguments (got ${positionals.join(' ')})`);
    const s = settings(values);
    const { buildPortal } = await import('@apilife/docs');
    const report = await buildPortal(await portalOptions(s, values, cwd));
    output.result(describeBuild(report, s.format, cwd));
    return values.strict === true && report.broken > 0 ? EXIT.findings : EXIT.ok;
  },
};

const docsServeCommand: CommandSpec = {
  usage:
    'apilife docs serve [--port <n>] [--host 127.0.0.1] [--out <dir>] [--today YYYY-MM-DD] [--no-changelog] [--pacts <dir>] [--format text|json]',
  help: `Builds the API portal and serves it on loopback, rebuilding when a contract, the config or a
pact file changes (reload the page to see it). A rebuild that fails keeps the last site and
prints why.

${COMMON_HELP}

Options:
      --port <n>        default 8900; 0 picks a free port
      --host <addr>     127.0.0.1 (default), ::1 or localhost: the portal is served on loopback only
${SHARED_FLAGS}
  -f, --format <name>   text (default), or json: one object per build, the first with "url"
  -h, --help            this help

It stops on SIGINT (Ctrl-C) or SIGTERM. Exit codes: 0 stopped by a signal, 2 usage, config,
output-folder or listening errors (a port in use).

Examples:
  apilife docs serve
  apilife docs serve --port 0 --format json`,
  options: { ...SHARED_OPTIONS, port: { type: 'string' }, host: { type: 'string' } },
  async run({ values, positionals, output, cwd }) {
    if (positionals.length > 0) throw new UsageError(`docs serve takes no arguments (got ${positionals.join(' ')})`);
    const s = settings(values);
    const port = values.port === undefined ? 8900 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new UsageError(`--port must be an integer from 0 to 65535 (got "${String(values.port)}")`);
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    if (!['127.0.0.1', '::1', 'localhost'].includes(host))
      throw new UsageError(`--host must be a loopback address (127.0.0.1, ::1, localhost), not ${host}`);
    const { servePortal } = await import('@apilife/docs');
    let url: string | undefined;
    const server = await servePortal({
      ...(await portalOptions(s, values, cwd)),
      host,
      port,
      onBuild: ({ report, error }) => {
        if (error) output.error(`rebuild failed, still serving the last site: ${error.message}`);
        else if (report && url) output.result(describeBuild(report, s.format, cwd));
      },
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') throw new UsageError(`cannot listen on ${host}:${port}: ${error.code}`);
      throw error;
    });
    url = server.url;
    output.result(describeBuild(server.report, s.format, cwd, url));
    const signal = await waitForSignal();
    output.info(`apilife docs: ${signal}, stopping`);
    await server.close();
    return EXIT.ok;
  },
};

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    process.once('SIGINT', resolveSignal);
    process.once('SIGTERM', resolveSignal);
  });
}

const SUBCOMMANDS: readonly CommandEntry[] = [
  { name: 'build', summary: 'Write the portal: a static, offline site for every contract.', load: async () => docsBuildCommand },
  { name: 'serve', summary: 'Build the portal and serve it on loopback, rebuilding on change.', load: async () => docsServeCommand },
];

/** `apilife docs`: the API portal (`build`, `serve`). */
export const docsCommand: CommandSpec = {
  usage: 'apilife docs <build|serve> [options]',
  help: `The API portal: the catalog of every API, a reference per API with its changelog, lifecycle and
consumers, and the system's interaction graph, as a static site that works offline.

Subcommands:
${SUBCOMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join('\n')}

Run \`apilife docs <subcommand> --help\` for its options; both take --format json.

Examples:
  apilife docs build
  apilife docs build --out public/apis --format json
  apilife docs serve --port 8900`,
  options: {},
  subcommands: SUBCOMMANDS,
  async run({ positionals }: { positionals: string[]; output: Output }) {
    throw new UsageError(
      positionals[0] === undefined ? 'name a subcommand: build or serve' : `unknown subcommand "${positionals[0]}": use build or serve`,
    );
  },
};
