/**
 * What the broker subcommands of `apilife pact` share: the broker flags, the connection (flags >
 * environment > `broker:` of the config), the broker's notices, and its refusals as messages and
 * exit codes. The requests are `@apilife/broker/client`'s, the same HAL API a Pact Broker or
 * PactFlow serves.
 */
import { loadProjectConfig, type ProjectConfig } from '@apilife/contract';
import {
  type BrokerConnection,
  brokerConnection,
  BrokerRequestError,
  describeErrors,
  HalClient,
  type Notice,
} from '@apilife/broker/client';
import { EXIT, UsageError } from '../command.ts';
import type { Output } from '../output.ts';

/** Flags every broker subcommand takes. */
export const BROKER_OPTIONS = {
  'broker-url': { type: 'string' },
  'broker-token': { type: 'string' },
  'broker-username': { type: 'string' },
  'broker-password': { type: 'string' },
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
} as const;

/** The broker flags' lines of a subcommand's --help. */
export const BROKER_HELP = `      --broker-url <url>     the broker (default: APILIFE_BROKER_URL, PACT_BROKER_BASE_URL, broker.url of the config)
      --broker-token <t>     bearer token (default: the variable broker.tokenEnv names, APILIFE_BROKER_TOKEN, PACT_BROKER_TOKEN)
      --broker-username <u>, --broker-password <p>   basic auth instead (default: PACT_BROKER_USERNAME, PACT_BROKER_PASSWORD)
  -f, --format <name>        text (default) or json (the broker's answer, on standard output)
  -c, --config <file>        the project config (default: apilife.config.yaml, searched upwards)`;

/** The output format asked for: text or json. */
export function formatOf(values: Record<string, unknown>): 'text' | 'json' {
  const format = (values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}": use text or json`);
  return format;
}

/** The broker to talk to, or a usage error saying how to name one. */
export async function connectBroker(
  values: Record<string, unknown>,
  cwd: string,
): Promise<{ client: HalClient; connection: BrokerConnection; config: ProjectConfig }> {
  const config = await loadProjectConfig(cwd, values.config as string | undefined);
  const connection = brokerConnection(
    {
      ...(values['broker-url'] !== undefined ? { 'broker-url': values['broker-url'] as string } : {}),
      ...(values['broker-token'] !== undefined ? { 'broker-token': values['broker-token'] as string } : {}),
      ...(values['broker-username'] !== undefined ? { 'broker-username': values['broker-username'] as string } : {}),
      ...(values['broker-password'] !== undefined ? { 'broker-password': values['broker-password'] as string } : {}),
    },
    config,
  );
  if (!connection)
    throw new UsageError(
      'no broker configured: give --broker-url, set APILIFE_BROKER_URL (or PACT_BROKER_BASE_URL), or broker.url in apilife.config.yaml',
    );
  try {
    new URL(connection.url);
  } catch {
    throw new UsageError(`the broker URL "${connection.url}" is not a URL`);
  }
  return { client: new HalClient(connection), connection, config };
}

const NOTICE_MARKS: Record<string, string> = { success: '✓', warning: '⚠', prompt: '⚠', error: '✘', danger: '✘', info: '·', debug: '·' };

/** The broker's notices, one line each, marked by type (standard error: they are for people). */
export function printNotices(output: Output, notices: readonly Notice[] | undefined): void {
  for (const notice of notices ?? []) output.info(` ${NOTICE_MARKS[notice.type] ?? '·'} ${notice.text}`);
}

/**
 * A failed broker request as the user should see it: the broker's errors and notices when it
 * refused (exit 1), a one-line reason when it could not be asked (unreachable, not a broker,
 * credentials refused: exit 2). Other errors are passed on.
 */
export function brokerFailure(output: Output, error: unknown, format: 'text' | 'json'): number {
  if (!(error instanceof BrokerRequestError)) throw error;
  const refused = error.status >= 400 && error.status !== 401 && error.status !== 403;
  const code = refused ? EXIT.findings : EXIT.usage;
  if (format === 'json')
    output.result(
      JSON.stringify(
        { ok: false, status: error.status, message: error.message, errors: error.errors ?? null, notices: error.notices },
        null,
        2,
      ),
    );
  const said = describeErrors(error.errors);
  output.error(said && !error.message.includes(said) ? `${error.message}: ${said}` : error.message);
  if (error.status === 401 || error.status === 403)
    output.info('   the broker refused the credentials: check --broker-token (or its variable)');
  printNotices(output, error.notices);
  return code;
}
