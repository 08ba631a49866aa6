/**
 * `pnpm start`: the whole drone delivery system on localhost (or the services named with `--only`,
 * each group in a process of its own over a broker). Ctrl-C stops it cleanly. Settings it refuses
 * (a `ConfigError`: in production mode, missing keys or development secrets) exit 2.
 */
import { fileURLToPath } from 'node:url';
import { ConfigError, SERVICES, systemConfig, type ServiceName } from '@drone-delivery/platform';
import { banner, summarize } from './banner.ts';
import { parseCli } from './cli.ts';
import { startSystem } from './system.ts';

const HELP = `Usage: pnpm start [--only <service,…>] [--transport memory|nats|amqp|redis|mqtt] [--no-docs] [--format text|json]

Starts the drone delivery services and prints where they listen and the credentials they accept,
and serves the API portal beside them (apilife docs serve: the catalog, every API's reference,
changelog and consumers, the interaction graph), rebuilt when a contract changes.
  --only         run only these services (the others run elsewhere; needs a broker and, in
                 development mode, the same APILIFE_DEV_SEED in every process)
                 services: ${SERVICES.join(', ')}
  --transport    the message bus (default APILIFE_TRANSPORT, else memory)
  --no-docs      do not build and serve the API portal (it is not served with --only either)
  --format json  print one JSON line with the URLs (and, in development mode, the credentials) once started
Modes: development (default): development keys and credentials, all printed; production
(APILIFE_MODE=production or NODE_ENV=production): starts only with the keys and secrets it is given.
Settings: HOST (the gateway, default 127.0.0.1), INTERNAL_HOST (the other services, default 127.0.0.1),
PORT (gateway, default 8080), <SERVICE>_PORT, <SERVICE>_URL (where the others call it), DOCS_PORT (the portal, default 8900, on 127.0.0.1 only), APILIFE_API_KEY, APILIFE_API_KEYS, APILIFE_DEV_SEED,
APILIFE_SERVICE_JWKS, APILIFE_SERVICE_KEY_<SERVICE>, APILIFE_JWT_JWKS_URL, APILIFE_JWT_JWKS, APILIFE_JWT_SECRET,
APILIFE_JWT_ISSUER, APILIFE_JWT_AUDIENCE, APILIFE_TIME_SCALE, DELIVERY_HISTORY_STORE=postgres (DELIVERY_HISTORY_TABLE_PREFIX),
SCHEDULER_STORE=postgres (SCHEDULER_TABLE, SCHEDULER_INSTANCE, SCHEDULER_LEASE_MS), DELIVERY_STORE=postgres (DELIVERY_TABLE_PREFIX),
DATABASE_URL, NATS_URL, AMQP_URL (see the README).`;

async function main(): Promise<number> {
  const args = parseCli(
    {
      only: { type: 'string' },
      transport: { type: 'string' },
      'no-docs': { type: 'boolean' },
      format: { type: 'string', default: 'text' },
    },
    HELP,
  );
  if (typeof args === 'number') return args;
  const only = args.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) as ServiceName[] | undefined;
  const unknown = only?.filter((s) => !(SERVICES as readonly string[]).includes(s)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`unknown service ${unknown.join(', ')}; services: ${SERVICES.join(', ')}\n`);
    return 2;
  }
  if (args.format !== 'text' && args.format !== 'json') {
    process.stderr.write(`--format must be text or json\n`);
    return 2;
  }
  const env: Record<string, string | undefined> = { ...process.env, ...(args.transport ? { APILIFE_TRANSPORT: args.transport } : {}) };
  const config = systemConfig(env);
  if (only && config.mode === 'development' && config.transport !== 'memory' && env.APILIFE_DEV_SEED === undefined) {
    process.stderr.write(
      'services in separate processes derive their development keys from one seed: set the same APILIFE_DEV_SEED (16 characters or more) in every process\n',
    );
    return 2;
  }
  const docsPort = Number(env.DOCS_PORT ?? 8900);
  if (!Number.isInteger(docsPort) || docsPort < 0 || docsPort > 65_535) {
    process.stderr.write(`DOCS_PORT must be a port number (got ${env.DOCS_PORT})\n`);
    return 2;
  }
  const system = await startSystem({ config, ...(only ? { only } : {}), log: (line) => process.stderr.write(`${line}\n`) });
  const docs =
    only || args['no-docs']
      ? undefined
      : await servePortal(docsPort).catch(async (error: Error) => {
          await system.stop();
          throw new Error(`the API portal did not start: ${error.message}`);
        });
  const summary = { ...(await summarize(system.config, only ?? SERVICES, system.transport.kind)), ...(docs ? { docs: docs.url } : {}) };
  process.stdout.write(args.format === 'json' ? `${JSON.stringify(summary)}\n` : banner(system.config, summary));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write('stopping…\n');
  await docs?.close();
  await system.stop();
  process.stderr.write('stopped\n');
  return 0;
}

/** The API portal of this repository's contracts, on loopback, rebuilt when a contract changes (`apilife docs serve`). */
async function servePortal(port: number) {
  const [{ loadProjectConfig }, docs] = await Promise.all([import('@apilife/contract'), import('@apilife/docs')]);
  const config = await loadProjectConfig(fileURLToPath(new URL('../../..', import.meta.url)));
  return docs.servePortal({
    config,
    port,
    onBuild: ({ error }) =>
      error && process.stderr.write(`the API portal's rebuild failed, still serving the last one: ${error.message}\n`),
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`apilife drone delivery: ${(error as Error).message}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
