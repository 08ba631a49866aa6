import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT, UsageError, type CommandSpec } from '../command.ts';
import type { Output } from '../output.ts';

/** Where the embedded store lives when nothing else is said: beside the project's other caches. */
const DEFAULT_DATA_DIR = '.apilife-cache/broker';

type Store = { databaseUrl: string } | { dataDir: string } | { memory: true };

/** The store the flags and the environment choose: --database-url > --memory/--data-dir > DATABASE_URL > the default folder. */
function chooseStore(values: Record<string, unknown>, cwd: string, env: NodeJS.ProcessEnv): Store {
  const url = values['database-url'] as string | undefined;
  const dataDir = values['data-dir'] as string | undefined;
  const memory = values.memory === true;
  if ([url !== undefined, dataDir !== undefined, memory].filter(Boolean).length > 1)
    throw new UsageError('choose one store: --database-url, --data-dir or --memory');
  if (url !== undefined) return { databaseUrl: url };
  if (memory) return { memory: true };
  if (dataDir !== undefined) return { dataDir: resolve(cwd, dataDir) };
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL };
  return { dataDir: resolve(cwd, DEFAULT_DATA_DIR) };
}

/** The store as printed: never a password. */
function describeStore(store: Store): { engine: 'pglite' | 'postgres'; location: string } {
  if ('memory' in store) return { engine: 'pglite', location: 'memory' };
  if ('dataDir' in store) return { engine: 'pglite', location: store.dataDir };
  try {
    const url = new URL(store.databaseUrl);
    if (url.password) url.password = '***';
    return { engine: 'postgres', location: url.toString() };
  } catch {
    return { engine: 'postgres', location: '(the given database URL)' };
  }
}

function integerFlag(value: unknown, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max} (got "${String(value)}")`);
  return n;
}

/** `apilife broker --migrate-only`: the schema brought up to date, nothing served. */
async function migrateOnly(store: Store, format: 'text' | 'json', output: Output): Promise<number> {
  const { migrate, openDb } = await import('@apilife/broker');
  const where = describeStore(store);
  try {
    const db = await openDb(store);
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
  } catch (error) {
    output.error(`could not migrate the store (${where.engine} ${where.location}): ${(error as Error).message}`);
    return EXIT.usage;
  }
  output.result(
    format === 'json'
      ? JSON.stringify({ store: where, migrated: true })
      : `✓ the store (${where.engine} ${where.location}) is at the latest schema`,
  );
  return EXIT.ok;
}

/** `apilife broker`: the Pact-Broker-compatible broker, until SIGINT or SIGTERM. */
export const brokerCommand: CommandSpec = {
  usage:
    'apilife broker [--host <addr>] [--port <n>] [--database-url <url> | --data-dir <dir> | --memory] [--base-url <url>] [--webhook-allow <origin>]... [--migrate-only] [--format text|json]',
  help: `Serves the Pact Broker's HTTP API for the official Pact clients (the pact-broker CLI, Pact JS
Verifier, pact_verifier) and for apilife pact publish / verify / can-i-deploy / record-deployment:
the HAL index, publishing contracts, pacticipants, versions, branches and tags, pacts for
verification with consumer version selectors (pending and WIP), verification results,
environments, deployments and releases, the matrix and can-i-deploy, and webhooks. The schema is
migrated on start; several brokers on one PostgreSQL database serve the same answers.

Store (one of; default: DATABASE_URL if set, else PGlite in ${DEFAULT_DATA_DIR}):
      --database-url <url>   PostgreSQL (postgres://user:pass@host:5432/db)
      --data-dir <dir>       PGlite (embedded PostgreSQL) kept in this folder
      --memory               PGlite in memory: everything is gone when the broker stops
      --migrate-only         bring the store's schema up to date and exit (a deploy step before
                             starting several brokers; they also migrate on start, one at a time)

Listening:
      --host <addr>          default 127.0.0.1. Any address but loopback (127.0.0.0/8, ::1,
                             localhost) needs tokens: the broker refuses to start without them
      --port <n>             default 9292 (the Pact Broker's); 0 picks a free port
      --base-url <url>       the public URL (behind a proxy, or on 0.0.0.0): every href, and the
                             pactUrl webhooks send (default: the URL each request came to; for
                             webhooks, the address the broker listens on)
      --max-body-bytes <n>   the largest request body (default 10485760, 10 MiB); larger is a 413

Authentication (bearer tokens, as the Pact Broker; from the environment, never from a file):
  APILIFE_BROKER_READ_TOKEN    comma-separated tokens that may read: GET, HEAD, and the POST for
                               pacts for verification (a verifier that does not publish results)
  APILIFE_BROKER_WRITE_TOKEN   comma-separated tokens that may do everything (publish, record
                               deployments, publish verification results, manage webhooks)
  Clients send Authorization: Bearer <token> (pact-broker --broker-token, PACT_BROKER_TOKEN).
  Without a token or with a wrong one: 401; a read token on a write: 403. With neither variable
  set the broker is open, which it allows on loopback only.

Webhooks (the Pact Broker's API: POST/GET /webhooks, /webhooks/{uuid}, …/execute; the official
CLI's create-webhook, create-or-update-webhook, test-webhook and delete-webhook work):
      --webhook-allow <origin>  a target webhooks may call: scheme, host and port only, e.g.
                             https://ci.example.com or http://127.0.0.1:8080 (repeat for more).
                             Default: none, so no webhook can be created. A webhook to any other
                             origin is refused (400) and never requested.
  Events: contract_requiring_verification_published and contract_content_changed, both fired
  when a publish brings new pact content. Templates may use \${pactbroker.pactUrl},
  consumerName, providerName, consumerVersionNumber, consumerVersionBranch,
  consumerVersionTags, providerVersionBranch, providerVersionNumber (the provider's main
  branch and its latest version there), buildUrl, eventName, githubVerificationStatus
  ("pending") and the Pact Broker's other names (rendered empty here). Delivery runs after the
  publish is stored and never fails it: redirects are not followed, a request is aborted after
  10 s, a failure is retried 3 times with doubling waits (5 s, 10 s, 20 s); every execution, with
  its status, attempts and log, is at GET /webhooks/{uuid}/executions and survives a restart.

Output:
  -f, --format <name>     text (default): the URL and store on one line; json: one line
                          {"url","store":{"engine","location"},"auth":{"readTokens","writeTokens"},
                          "webhookAllow":[…]} once listening (a script waits for it);
                          with --migrate-only {"store":{"engine","location"},"migrated":true}
  -h, --help              this help

The broker stops cleanly on SIGINT (Ctrl-C) or SIGTERM: it finishes the requests under way,
then closes the store. Undelivered webhooks are delivered after the next start.

Exit codes: 0 stopped by a signal (or migrated), 2 usage or start-up errors (a non-loopback host without
tokens, a port in use, a database that cannot be reached, a bad allow-list entry).

Examples:
  apilife broker
  apilife broker --memory --port 0 --format json
  DATABASE_URL=postgres://broker@db:5432/broker APILIFE_BROKER_WRITE_TOKEN=… APILIFE_BROKER_READ_TOKEN=… \\
    apilife broker --host 0.0.0.0 --base-url https://broker.example.com --webhook-allow https://ci.example.com
  pact-broker publish pacts --consumer-app-version 1.0.0 --branch main --broker-base-url http://127.0.0.1:9292`,
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    memory: { type: 'boolean' },
    'base-url': { type: 'string' },
    'max-body-bytes': { type: 'string' },
    'webhook-allow': { type: 'string', multiple: true },
    'migrate-only': { type: 'boolean' },
    format: { type: 'string', short: 'f' },
  },
  async run({ values, positionals, output, cwd }) {
    const format = (values.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}": use text or json`);
    if (positionals.length > 0) throw new UsageError(`apilife broker takes no arguments (got ${positionals.join(' ')})`);
    const port = integerFlag(values.port, 'port', 0, 65_535) ?? 9292;
    const maxBodyBytes = integerFlag(values['max-body-bytes'], 'max-body-bytes', 1024, 1024 ** 3);
    const baseUrl = values['base-url'] as string | undefined;
    if (baseUrl !== undefined && !/^https?:\/\/[^/]+(\/.*)?$/.test(baseUrl))
      throw new UsageError(`--base-url must be an http(s) URL (got "${baseUrl}")`);
    const store = chooseStore(values, cwd, process.env);
    if ('dataDir' in store) mkdirSync(store.dataDir, { recursive: true });
    const allow = (values['webhook-allow'] as string[] | undefined) ?? [];
    const { parseTokenList, startBroker, TOKEN_ENV, webhookSettings } = await import('@apilife/broker');
    try {
      webhookSettings({ allow });
    } catch (error) {
      throw new UsageError(`--webhook-allow: ${(error as Error).message}`);
    }
    if (values['migrate-only'] === true) return migrateOnly(store, format, output);
    const auth = { readTokens: parseTokenList(process.env[TOKEN_ENV.read]), writeTokens: parseTokenList(process.env[TOKEN_ENV.write]) };
    let broker: Awaited<ReturnType<typeof startBroker>>;
    try {
      broker = await startBroker({
        store,
        host: (values.host as string | undefined) ?? '127.0.0.1',
        port,
        auth,
        webhooks: { allow },
        ...(baseUrl !== undefined ? { baseUrl: baseUrl.replace(/\/+$/, '') } : {}),
        ...(maxBodyBytes !== undefined ? { limits: { maxBodyBytes } } : {}),
        log: (message, error) => output.error(`${message}${error ? `: ${(error as Error)?.message ?? String(error)}` : ''}`),
      });
    } catch (error) {
      output.error(`the broker did not start: ${(error as Error).message}`);
      return EXIT.usage;
    }
    const where = describeStore(store);
    if (format === 'json')
      output.result(
        JSON.stringify({
          url: broker.url,
          store: where,
          auth: { readTokens: auth.readTokens.length, writeTokens: auth.writeTokens.length },
          webhookAllow: allow,
        }),
      );
    else
      output.result(
        `apilife broker listening on ${broker.url} · ${where.engine} ${where.location} · ` +
          `${auth.readTokens.length + auth.writeTokens.length === 0 ? 'open (no tokens)' : `${auth.readTokens.length} read, ${auth.writeTokens.length} write tokens`} · ` +
          `webhooks to ${allow.length === 0 ? 'nowhere' : allow.join(', ')}`,
      );
    const signal = await new Promise<NodeJS.Signals>((resolveSignal) => {
      process.once('SIGINT', resolveSignal);
      process.once('SIGTERM', resolveSignal);
    });
    output.info(`apilife broker: ${signal}, stopping`);
    await broker.close();
    return EXIT.ok;
  },
};
