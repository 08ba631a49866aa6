import { dirname, relative, resolve } from 'node:path';
import { isInside, loadIR, loadProjectConfig, type ApiIR, type MessagingApiIR } from '@apilife/contract';
import { EXIT, UsageError, type CommandSpec } from '../command.ts';
import { formatDuration, type Output } from '../output.ts';

const TRANSPORTS = ['memory', 'nats', 'amqp', 'redis', 'mqtt'] as const;
/** The environment variable `selectTransport` reads a broker's address from, by URL scheme or transport. */
const URL_VARIABLES: Readonly<Record<string, string>> = {
  nats: 'NATS_URL',
  amqp: 'AMQP_URL',
  amqps: 'AMQP_URL',
  redis: 'REDIS_URL',
  rediss: 'REDIS_URL',
  mqtt: 'MQTT_URL',
  mqtts: 'MQTT_URL',
};
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

function integerFlag(value: unknown, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max} (got "${String(value)}")`);
  return n;
}

/** `apilife mock <contract>`: an HTTP mock of an OpenAPI contract, or an AsyncAPI contract's application on a transport, until SIGINT or SIGTERM. */
export const mockCommand: CommandSpec = {
  usage:
    'apilife mock <contract> [--host <addr>] [--port <n>] [--transport memory|nats|amqp|redis|mqtt] [--broker-url <url>] [--interval <ms>] [--count <n>] [--list] [--format text|json]',
  help: `For the develop and test stages: the contract answers before the service exists.

OpenAPI: serves every operation of the contract on its paths, with the runtime of the generated
servers: 404/405 for unknown paths and methods, request limits (413, 414, 431), 401 when a security
scheme's credential is missing (any non-empty key or token passes, with every scope), 406 for an
Accept it cannot meet, parameters and bodies validated against the contract (400 problem+json
listing every violation, 422 when the operation declares 422 and not 400), Deprecation, Sunset and
Link headers on deprecated operations, 410 Gone for retired ones and past their sunset. The answer
is the lowest 2xx with content (else the first declared), its first example, else a value made from
the schema (formats, enums, bounds, required and optional properties, allOf merged, the first
oneOf variant; recursion bounded); declared response headers from their examples. A client chooses,
as with Prism, with the Prefer header (or the query parameters __code, __example, __dynamic):
  Prefer: code=404            the response declared for that status (404 problem+json if none)
  Prefer: example=<name>      that named example (404 problem+json if the response has none by that name)
  Prefer: dynamic=true        values made from the schema, varied (seeded: the same run, the same values)

AsyncAPI: plays the application the contract describes: publishes every example of each message
of its send operations (else one made from its payload schema; channel parameters from the payload)
every --interval, --count times, and answers each request its receive operations with a reply get,
correlated as the contract says: to a request equal to a named example, the reply example of that
name, as Microcks pairs them; else the reply's first example, with the request's members of the
same name.
CloudEvents envelopes and validation are those of the generated messaging, so generated peers
accept them. Without --count it publishes until stopped; with one, it exits once published unless
it has requests to answer.

Options:
      --host <addr>         HTTP: default 127.0.0.1 (loopback); another address is reachable by others
      --port <n>            HTTP: default 4010 (Prism's); 0 picks a free port
      --transport <name>    AsyncAPI: memory, nats, amqp, redis or mqtt (default: APILIFE_TRANSPORT,
                            else the protocol of the contract's first server on this machine, else of its first)
      --server <name>       AsyncAPI: the contract's server to use (default: APILIFE_SERVER, else the first
                            on this machine: host 127.x.x.x, localhost or ::1; a remote one only when named)
      --broker-url <url>    AsyncAPI: the broker's address, e.g. nats://127.0.0.1:4222, amqp://guest:guest@127.0.0.1:5672
                            (default: NATS_URL / AMQP_URL / REDIS_URL / MQTT_URL, else the server's host,
                            else the broker's local default port on 127.0.0.1)
      --interval <ms>       AsyncAPI: time between two rounds of messages (default 1000)
      --count <n>           AsyncAPI: rounds to publish (default: until stopped; 0: only answer requests)
      --seed <n>            the seed of Prefer: dynamic=true values (default 1)
      --max-body-bytes <n>  HTTP: the largest request body (default 1048576); larger is a 413
      --no-cors             HTTP: no CORS answers (default: preflights answered and every answer
                            readable from any origin, Access-Control-Allow-Origin: *, as Prism)
      --root <dir>          the folder the contract's $refs may resolve in (default: the project's
                            contracts root when the file is inside it, else the file's folder)
      --list                print what would be mocked (operations, or messages and requests) and exit
  -c, --config <file>       the project config (default: apilife.config.yaml, searched upwards)
  -f, --format <name>       text (default): a summary line, then one line per request or message on
                            standard error; json: one JSON object per line on standard output, the first
                            {"kind","title","version","url"|"transport","broker","operations":[…],"startMs"} once ready
  -h, --help                this help

The mock stops on SIGINT (Ctrl-C) or SIGTERM.

Exit codes: 0 stopped (or listed, or published with --count), 2 usage or input errors (a file that is
not an OpenAPI 3.0/3.1 or AsyncAPI 3.0 contract, a port in use, a broker that cannot be reached).

Examples:
  apilife mock contracts/delivery/openapi.yaml
  curl -H 'Authorization: Bearer x' -H 'Prefer: code=404' 'http://127.0.0.1:4010/deliveries/3fa85f64-5717-4562-b3fc-2c963f66afa6?api-version=2026-09-01'
  apilife mock contracts/delivery/openapi.yaml --port 0 --format json
  apilife mock contracts/drone-management/asyncapi.yaml --transport nats --broker-url nats://127.0.0.1:4222 --interval 500 --count 10
  apilife mock contracts/pets/openapi.yaml --list --format json`,
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    transport: { type: 'string' },
    server: { type: 'string' },
    'broker-url': { type: 'string' },
    interval: { type: 'string' },
    count: { type: 'string' },
    seed: { type: 'string' },
    'max-body-bytes': { type: 'string' },
    'no-cors': { type: 'boolean' },
    root: { type: 'string' },
    list: { type: 'boolean' },
    config: { type: 'string', short: 'c' },
    format: { type: 'string', short: 'f' },
  },
  async run({ values, positionals, output, cwd }) {
    const format = (values.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}": use text or json`);
    if (positionals.length !== 1)
      throw new UsageError(`give one contract to mock (got ${positionals.length === 0 ? 'none' : positionals.join(' ')})`);
    const port = integerFlag(values.port, 'port', 0, 65_535) ?? 4010;
    const intervalMs = integerFlag(values.interval, 'interval', 1, 86_400_000) ?? 1000;
    const count = integerFlag(values.count, 'count', 0, 1_000_000_000);
    const seed = integerFlag(values.seed, 'seed', 0, 2 ** 31 - 1);
    const maxBodyBytes = integerFlag(values['max-body-bytes'], 'max-body-bytes', 1024, 1024 ** 3);
    const transport = values.transport as string | undefined;
    if (transport !== undefined && !(TRANSPORTS as readonly string[]).includes(transport))
      throw new UsageError(`unknown transport "${transport}": use ${TRANSPORTS.join(', ')}`);
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    const config = await loadProjectConfig(cwd, values.config as string | undefined);
    const file = resolve(cwd, positionals[0]!);
    const root =
      typeof values.root === 'string' ? resolve(cwd, values.root) : isInside(file, config.contracts) ? config.contracts : dirname(file);
    const started = performance.now();
    const loaded = await loadIR(file, { root });
    const shown = relative(cwd, file) || file;
    if (loaded.kind === 'openapi') {
      const api = loaded.api;
      const operations = api.operations.map((op) => ({
        operation: op.name,
        method: op.method,
        path: op.path,
        ...(op.lifecycle.retired ? { retired: true } : op.lifecycle.deprecated ? { deprecated: true } : {}),
      }));
      const summary = { kind: 'openapi', contract: shown, title: api.title, version: api.version };
      if (values.list === true) {
        if (format === 'json') output.result(JSON.stringify({ ...summary, operations }, null, 2));
        else
          output.result(
            [
              `${api.title} ${api.version} (${shown}): ${plural(operations.length, 'operation')}`,
              ...operations.map(describeOperation),
            ].join('\n'),
          );
        return EXIT.ok;
      }
      return serveHttp(api, {
        cors: values['no-cors'] !== true,
        host,
        port,
        format,
        output,
        summary,
        operations,
        started,
        ...(seed === undefined ? {} : { seed }),
        ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
      });
    }
    const api = loaded.messaging;
    const operations = api.operations
      .filter((op) => op.action === 'send' || op.reply)
      .map((op) => ({
        operation: op.name,
        action: op.action === 'send' ? 'publish' : 'reply',
        channel: api.channels.find((c) => c.key === op.channel)?.address ?? op.channel,
      }));
    const summary = { kind: 'asyncapi', contract: shown, title: api.title, version: api.version };
    if (values.list === true) {
      if (format === 'json') output.result(JSON.stringify({ ...summary, operations }, null, 2));
      else
        output.result(
          [
            `${api.title} ${api.version} (${shown}): ${plural(operations.length, 'operation')}`,
            ...operations.map((o) => `  ${o.action.padEnd(7)} ${o.channel}  ${o.operation}`),
          ].join('\n'),
        );
      return EXIT.ok;
    }
    return playMessaging(api, {
      format,
      output,
      summary,
      operations,
      started,
      intervalMs,
      ...(count === undefined ? {} : { count }),
      ...(transport === undefined ? {} : { transport }),
      ...(values.server === undefined ? {} : { server: values.server as string }),
      ...(values['broker-url'] === undefined ? {} : { brokerUrl: values['broker-url'] as string }),
    });
  },
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describeOperation(o: { operation: string; method: string; path: string; retired?: boolean; deprecated?: boolean }): string {
  return `  ${o.method.padEnd(7)} ${o.path}  ${o.operation}${o.retired ? ' (retired: 410)' : o.deprecated ? ' (deprecated)' : ''}`;
}

interface Run {
  format: 'text' | 'json';
  output: Output;
  summary: Record<string, unknown>;
  operations: readonly object[];
  started: number;
}

async function serveHttp(
  api: ApiIR,
  run: Run & { cors: boolean; host: string; port: number; seed?: number; maxBodyBytes?: number },
): Promise<number> {
  const { startHttpMock } = await import('@apilife/mock');
  const { output, format } = run;
  let mock: Awaited<ReturnType<typeof startHttpMock>>;
  try {
    mock = await startHttpMock(api, {
      cors: run.cors,
      host: run.host,
      port: run.port,
      ...(run.seed === undefined ? {} : { seed: run.seed }),
      ...(run.maxBodyBytes === undefined ? {} : { limits: { maxBodyBytes: run.maxBodyBytes } }),
      onRequest: (e) =>
        format === 'json' ? output.result(JSON.stringify({ event: 'request', ...e })) : output.info(`${e.method} ${e.path} → ${e.status}`),
    });
  } catch (error) {
    output.error(`the mock did not start on ${run.host}:${run.port}: ${(error as Error).message}`);
    return EXIT.usage;
  }
  const startMs = Math.round(performance.now() - run.started);
  if (!LOOPBACK.test(run.host)) output.info(` ⚠ listening on ${run.host}: the mock is reachable from other machines`);
  if (format === 'json') output.result(JSON.stringify({ ...run.summary, url: mock.url, operations: run.operations, startMs }));
  else {
    output.result(
      `apilife mock: ${run.summary.title} ${run.summary.version} on ${mock.url} · ${plural(run.operations.length, 'operation')} · started in ${formatDuration(startMs)}`,
    );
    output.info(run.operations.map((o) => describeOperation(o as never)).join('\n'));
  }
  const signal = await untilSignal();
  output.info(`apilife mock: ${signal}, stopping`);
  await mock.close();
  return EXIT.ok;
}

async function playMessaging(
  api: MessagingApiIR,
  run: Run & { intervalMs: number; count?: number; transport?: string; server?: string; brokerUrl?: string },
): Promise<number> {
  const [{ startMessagingMock }, { chooseTransport, selectTransport, TransportConfigError }] = await Promise.all([
    import('@apilife/mock'),
    import('@apilife/messaging'),
  ]);
  const { output, format } = run;
  const env: Record<string, string | undefined> = { ...process.env };
  if (run.brokerUrl !== undefined) {
    const scheme = /^([a-z]+):\/\//.exec(run.brokerUrl)?.[1];
    const variable = URL_VARIABLES[scheme ?? run.transport ?? ''] ?? (run.transport ? URL_VARIABLES[run.transport] : undefined);
    if (!variable)
      throw new UsageError(
        `--broker-url: give a URL with its scheme (nats://, amqp://, redis://, mqtt://) or --transport (got "${run.brokerUrl}")`,
      );
    env[variable] = run.brokerUrl;
  }
  // Made-up messages go to a broker of this machine unless a server or address says otherwise.
  const selecting = {
    env,
    localOnly: true,
    ...(run.transport ? { kind: run.transport as 'memory' } : {}),
    ...(run.server ? { server: run.server } : {}),
  };
  let mock: Awaited<ReturnType<typeof startMessagingMock>>;
  let transportName = '';
  let broker: string | undefined;
  try {
    const choice = chooseTransport(api.servers, selecting);
    if (choice.url !== undefined)
      broker = `${/^[a-z][a-z0-9+.-]*:\/\//i.test(choice.url) ? withoutPassword(choice.url) : choice.url}${choice.server ? `, server ${choice.server}` : ''}`;
    const transport = await selectTransport(api.servers, selecting);
    transportName = (transport as { kind?: string }).kind ?? run.transport ?? 'transport';
    mock = await startMessagingMock(api, {
      transport,
      intervalMs: run.intervalMs,
      ...(run.count === undefined ? {} : { count: run.count }),
      onMessage: (e) =>
        format === 'json'
          ? output.result(JSON.stringify({ event: e.kind, ...e, kind: undefined }))
          : output.info(`${e.kind} ${e.type} (${e.operation}) ${e.id}`),
      onEvent: (e) => output.error(`${e.kind} on ${e.channel}${'reason' in e ? `: ${e.reason}` : ''}`),
    });
  } catch (error) {
    if (error instanceof TransportConfigError) throw new UsageError(error.message);
    const where = broker === undefined ? '' : ` (broker ${broker})`;
    output.error(`the mock did not start${where}: ${(error as Error).message}`);
    return EXIT.usage;
  }
  const startMs = Math.round(performance.now() - run.started);
  if (format === 'json')
    output.result(JSON.stringify({ ...run.summary, transport: transportName, broker, operations: run.operations, startMs }));
  else
    output.result(
      `apilife mock: ${run.summary.title} ${run.summary.version} on ${transportName}${broker === undefined ? '' : ` (${broker})`} · ${plural(run.operations.length, 'operation')} · every ${run.intervalMs}ms${run.count === undefined ? '' : `, ${run.count} times`} · started in ${formatDuration(startMs)}`,
    );
  const answers = api.operations.some((op) => op.action === 'receive' && op.reply);
  const stop = await Promise.race([
    untilSignal(),
    ...(run.count !== undefined && !answers ? [mock.published.then(() => 'published' as const)] : []),
  ]).catch((error: unknown) => {
    output.error(`publishing failed: ${(error as Error).message}`);
    return 'failed' as const;
  });
  output.info(`apilife mock: ${stop}, stopping`);
  await mock.close();
  return stop === 'failed' ? EXIT.usage : EXIT.ok;
}

/** A broker URL as printed: never its password. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(the given broker URL)';
  }
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    process.once('SIGINT', resolveSignal);
    process.once('SIGTERM', resolveSignal);
  });
}
