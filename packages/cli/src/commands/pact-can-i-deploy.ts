import { type MatrixQuery, type MatrixResponse, type MatrixSelector, queryMatrix } from '@apilife/broker/client';
import { type ArgToken, EXIT, UsageError, type CommandSpec } from '../command.ts';
import type { Output } from '../output.ts';
import { BROKER_HELP, BROKER_OPTIONS, brokerFailure, connectBroker, formatOf, printNotices } from './pact-broker.ts';

const SELECTOR_OPTIONS = {
  pacticipant: { type: 'string', short: 'a', multiple: true },
  version: { type: 'string', short: 'e', multiple: true },
  latest: { type: 'boolean', short: 'l', multiple: true },
  branch: { type: 'string', multiple: true },
  tag: { type: 'string', multiple: true },
  'main-branch': { type: 'boolean', multiple: true },
  ignore: { type: 'string', multiple: true },
  'retry-while-unknown': { type: 'string' },
  'retry-interval': { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const;

const SELECTOR_HELP = `  -a, --pacticipant <name>   an application (repeatable); the flags below belong to the --pacticipant before them
  -e, --version <v>          its version
  -l, --latest [tag]         its latest version (with a tag: its latest version with that tag)
      --branch <b>           its latest version on branch b (with --latest), or its versions on b
      --main-branch          its latest version on its main branch
      --tag <t>              its versions with tag t (legacy)
      --ignore <name>        leave this application out of the decision (followed by --version: only that version)
      --retry-while-unknown <n>  ask again up to n times while the answer is unknown (verifications still running)
      --retry-interval <s>   seconds between those questions (default 5)
      --dry-run              print the answer but exit 0 whatever it is`;

const EXIT_HELP = `Exit codes: 0 the broker says yes; 1 it says no, or does not know (a verification is missing),
or refused the question (an unknown pacticipant or version); 2 usage errors, or the broker could
not be asked (none configured, unreachable, credentials refused). With --dry-run, 0 for yes, no
and unknown. With --format json the exit code is the same as with text (unlike the official CLI,
whose JSON output always exits 0): the JSON is the broker's answer plus "deployable".`;

/** `apilife pact can-i-deploy`: the broker's matrix for the versions about to be deployed. */
export const pactCanIDeployCommand: CommandSpec = {
  usage:
    'apilife pact can-i-deploy --pacticipant <p> [--version <v> | --latest [tag] | --branch <b> | --main-branch] [--pacticipant …] [--to-environment <env> | --to <tag>] [--ignore <p>] [--dry-run]',
  help: `Asks the broker whether these versions can be deployed: whether every pact between them and
the applications they meet (in --to-environment: the versions deployed or released there) has a
successful verification. Sends GET /matrix exactly as the official \`pact-broker can-i-deploy\`
(literal brackets, one q[][…] group per --pacticipant), prints the matrix, the broker's reason
and notices.

Options:
${SELECTOR_HELP}
      --to-environment <env> the environment the versions go to (default: broker.environment of the config)
      --to <tag>             the tag of the versions they go to (legacy)
${BROKER_HELP}
  -h, --help                 this help

${EXIT_HELP}

Examples:
  apilife pact can-i-deploy --pacticipant delivery --version $GITHUB_SHA --to-environment production
  apilife pact can-i-deploy --pacticipant gateway --latest --branch main --to-environment staging --format json
  apilife pact can-i-deploy -a web -e 1.0.0 -a orders -e 2.0.0
  apilife pact can-i-deploy -a delivery -e 1.2.3 --to-environment production --retry-while-unknown 12 --retry-interval 10`,
  options: {
    ...BROKER_OPTIONS,
    ...SELECTOR_OPTIONS,
    'to-environment': { type: 'string' },
    to: { type: 'string' },
  },
  run: (args) => runMatrix(args, false),
};

/** `apilife pact can-i-merge`: the same question against the main branches of the others. */
export const pactCanIMergeCommand: CommandSpec = {
  usage: 'apilife pact can-i-merge --pacticipant <p> --version <v> [--pacticipant …] [--dry-run]',
  help: `Asks the broker whether these versions are compatible with the latest versions of the main
branches of the applications they integrate with (GET /matrix with mainBranch=true, as the
official \`pact-broker can-i-merge\`): may this branch be merged?

Options:
${SELECTOR_HELP}
${BROKER_HELP}
  -h, --help                 this help

${EXIT_HELP}

Examples:
  apilife pact can-i-merge --pacticipant gateway --version $GITHUB_SHA`,
  options: { ...BROKER_OPTIONS, ...SELECTOR_OPTIONS },
  run: (args) => runMatrix(args, true),
};

async function runMatrix({ values, tokens, output, cwd }: Parameters<CommandSpec['run']>[0], canIMerge: boolean): Promise<number> {
  const format = formatOf(values);
  const { selectors, ignore } = selectorsFromTokens(tokens);
  if (selectors.length === 0) throw new UsageError('name at least one --pacticipant');
  const times = count(values['retry-while-unknown'], '--retry-while-unknown');
  const interval = count(values['retry-interval'], '--retry-interval') ?? 5;
  const { client, config } = await connectBroker(values, cwd);
  const environment = canIMerge
    ? undefined
    : ((values['to-environment'] as string | undefined) ?? (values.to ? undefined : config.broker?.environment));
  const query: MatrixQuery = {
    selectors,
    ignore,
    ...(environment !== undefined ? { environment } : {}),
    ...(!canIMerge && values.to !== undefined ? { to: values.to as string } : {}),
    ...(canIMerge ? { mainBranch: true } : {}),
  };
  let answer: MatrixResponse;
  try {
    answer = await queryMatrix(
      client,
      query,
      times
        ? {
            times,
            intervalMs: interval * 1000,
            onRetry: (attempt) => output.info(`the answer is unknown: asking again in ${interval}s (${attempt}/${times})`),
          }
        : undefined,
    );
  } catch (error) {
    return brokerFailure(output, error, format);
  }
  const deployable = answer.summary?.deployable ?? null;
  if (format === 'json') output.result(JSON.stringify({ ...answer, deployable }, null, 2));
  else printAnswer(output, answer, deployable);
  if (values['dry-run'] === true) {
    if (format === 'text') output.info('dry run: exiting 0 whatever the answer');
    return EXIT.ok;
  }
  return deployable === true ? EXIT.ok : EXIT.findings;
}

/**
 * The selectors and ignores in command-line order, by the official CLI's rule: `--version`,
 * `--latest [tag]`, `--branch`, `--tag` and `--main-branch` belong to the `--pacticipant` before
 * them; a `--version` right after `--ignore <p>` narrows that ignore.
 */
export function selectorsFromTokens(tokens: readonly ArgToken[]): Pick<MatrixQuery, 'selectors' | 'ignore'> & {
  selectors: MatrixSelector[];
  ignore: { pacticipant: string; version?: string }[];
} {
  const selectors: MatrixSelector[] = [];
  const ignore: { pacticipant: string; version?: string }[] = [];
  /** What a following `--version` belongs to. */
  let last: 'selector' | 'ignore' | undefined;
  const current = (flag: string): MatrixSelector => {
    const selector = selectors.at(-1);
    if (!selector) throw new UsageError(`--${flag} belongs to a --pacticipant: give --pacticipant before it`);
    last = 'selector';
    return selector;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'positional') throw new UsageError(`unexpected argument "${token.value}"`);
    if (token.kind !== 'option') continue;
    const value = token.value;
    switch (token.name) {
      case 'pacticipant':
        selectors.push({ pacticipant: value! });
        last = 'selector';
        break;
      case 'ignore':
        ignore.push({ pacticipant: value! });
        last = 'ignore';
        break;
      case 'version':
        if (last === 'ignore') ignore.at(-1)!.version = value!;
        else current('version').version = value!;
        last = undefined;
        break;
      case 'latest': {
        const selector = current('latest');
        const next = tokens[i + 1];
        if (next?.kind === 'positional') {
          selector.latest = next.value;
          i++;
        } else selector.latest = true;
        break;
      }
      case 'branch':
        current('branch').branch = value!;
        break;
      case 'tag': {
        const selector = current('tag');
        selector.tags = [...(selector.tags ?? []), value!];
        break;
      }
      case 'main-branch':
        current('main-branch').mainBranch = true;
        break;
      default:
        last = undefined;
    }
  }
  for (const selector of selectors)
    if (selector.version !== undefined && selector.latest !== undefined)
      throw new UsageError(`--pacticipant ${selector.pacticipant}: give --version or --latest, not both`);
  return { selectors, ignore };
}

function count(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} must be a whole number (got "${String(value)}")`);
  return n;
}

/** The matrix as a table, the broker's notices and reason, and the verdict. */
function printAnswer(output: Output, answer: MatrixResponse, deployable: boolean | null): void {
  const rows = (answer.matrix ?? []).map((row) => [
    row.consumer.name,
    row.consumer.version?.number ?? 'unknown',
    row.provider.name,
    row.provider.version?.number ?? 'unknown',
    row.verificationResult ? String(row.verificationResult.success ?? 'unknown') : 'unknown',
    row.verificationResult?._links?.self?.href ?? '',
  ]);
  if (rows.length > 0) {
    const table = [['CONSUMER', 'C.VERSION', 'PROVIDER', 'P.VERSION', 'SUCCESS?', 'RESULT'], ...rows];
    const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
    output.result(
      table
        .map((row) =>
          row
            .map((cell, column) => cell.padEnd(widths[column]!))
            .join('  ')
            .trimEnd(),
        )
        .join('\n'),
    );
  }
  printNotices(output, answer.notices);
  const reason = answer.summary?.reason;
  const verdict =
    deployable === true ? '✓ Computer says yes \\o/' : deployable === false ? '✘ Computer says no' : '✘ Computer says no (unknown)';
  output.result(`\n${verdict}${reason ? `: ${reason}` : ''}`);
}
