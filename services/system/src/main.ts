/**
 * `pnpm start`: the whole drone delivery system on localhost (or the services named with `--only`,
 * each group in a process of its own over a broker). Ctrl-C stops it cleanly.
 */
import { SERVICES, systemConfig, type ServiceName } from '@drone-delivery/platform';
import { parseCli } from './cli.ts';
import { startSystem } from './system.ts';

const HELP = `Usage: pnpm start [--only <service,…>] [--transport memory|nats|amqp|redis|mqtt] [--format text|json]

Starts the drone delivery services and prints their URLs, the development API key and a curl line.
  --only         run only these services (the others run elsewhere; needs a broker)
                 services: ${SERVICES.join(', ')}
  --transport    the message bus (default APILIFE_TRANSPORT, else memory)
  --format json  print one JSON line with the URLs once started
Settings: PORT (gateway, default 8080), <SERVICE>_PORT, APILIFE_API_KEY, APILIFE_TIME_SCALE,
DELIVERY_HISTORY_STORE=postgres, SCHEDULER_STORE=postgres, DATABASE_URL, NATS_URL, AMQP_URL.`;

async function main(): Promise<number> {
  const args = parseCli({ only: { type: 'string' }, transport: { type: 'string' }, format: { type: 'string', default: 'text' } }, HELP);
  if (typeof args === 'number') return args;
  const only = args.only?.split(',').map((s) => s.trim()).filter(Boolean) as ServiceName[] | undefined;
  const unknown = only?.filter((s) => !(SERVICES as readonly string[]).includes(s)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`unknown service ${unknown.join(', ')}; services: ${SERVICES.join(', ')}\n`);
    return 2;
  }
  if (args.format !== 'text' && args.format !== 'json') {
    process.stderr.write(`--format must be text or json\n`);
    return 2;
  }
  const config = systemConfig({ ...process.env, ...(args.transport ? { APILIFE_TRANSPORT: args.transport } : {}) });
  const json = args.format === 'json';
  const system = await startSystem({ config, ...(only ? { only } : {}), log: (line) => process.stderr.write(`${line}\n`) });
  const running = only ?? SERVICES;
  const key = config.apiKeys[0]!.key;
  if (json) {
    process.stdout.write(`${JSON.stringify({ services: Object.fromEntries(running.map((s) => [s, system.urls[s]])), transport: system.transport.kind, apiKey: key })}\n`);
  } else {
    process.stdout.write(`drone delivery: ${running.length} service(s) on the ${system.transport.kind} bus\n`);
    for (const s of running) process.stdout.write(`  ${s.padEnd(18)} ${system.urls[s]}\n`);
    if (running.includes('gateway')) {
      process.stdout.write(`\ndevelopment API key: ${key}\ntry:\n  curl -s -H 'X-API-Key: ${key}' '${system.urls.gateway}/openapi.json' | head -c 300\n`);
      process.stdout.write(`  pnpm demo --url ${system.urls.gateway}\n`);
    }
    process.stdout.write(`\nCtrl-C stops it.\n`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write('stopping…\n');
  await system.stop();
  process.stderr.write('stopped\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`apilife drone delivery: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
