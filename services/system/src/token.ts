/**
 * `pnpm dev-token`: a development token. `--account <id>` prints a shipper's access token from the
 * development login (for the gateway's `Authorization: Bearer`); `--from <service> --to <service>`
 * prints a service token (for calling an internal service directly), acting for `--account` when
 * given. Development mode only, with the APILIFE_DEV_SEED of the running system (`pnpm start`
 * prints it); production mode signs nothing: tokens come from your identity provider.
 */
import { ConfigError, SERVICES, serviceToken, shipperToken, systemConfig, type ServiceName } from '@drone-delivery/platform';
import { parseCli } from './cli.ts';

const HELP = `Usage: APILIFE_DEV_SEED=<seed> pnpm dev-token --account <accountId> [--ttl <seconds>]
       APILIFE_DEV_SEED=<seed> pnpm dev-token --from <service> --to <service> [--account <accountId>]

Prints a development token signed with the keys derived from APILIFE_DEV_SEED (pnpm start prints the seed).
  --account   the shipper account the token is for
  --from/--to a service token from one service to another (services: ${SERVICES.join(', ')})
  --ttl       lifetime in seconds (default 3600 for shippers' tokens, 300 for service tokens)`;

async function main(): Promise<number> {
  const args = parseCli({ account: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, ttl: { type: 'string' } }, HELP);
  if (typeof args === 'number') return args;
  if (process.env.APILIFE_DEV_SEED === undefined) {
    process.stderr.write(`APILIFE_DEV_SEED is not set: use the seed the running system printed\n\n${HELP}\n`);
    return 2;
  }
  const config = systemConfig();
  const ttl = args.ttl === undefined ? undefined : Number(args.ttl);
  if (ttl !== undefined && !(Number.isInteger(ttl) && ttl > 0)) {
    process.stderr.write('--ttl must be a whole number of seconds\n');
    return 2;
  }
  const service = (name: string | undefined) => ((SERVICES as readonly string[]).includes(name ?? '') ? (name as ServiceName) : undefined);
  if (args.from !== undefined || args.to !== undefined) {
    const from = service(args.from);
    const to = service(args.to);
    if (!from || !to) {
      process.stderr.write(`--from and --to must name services: ${SERVICES.join(', ')}\n`);
      return 2;
    }
    process.stdout.write(
      `${await serviceToken(config, { from, to, ...(args.account ? { account: args.account } : {}), ...(ttl ? { ttlSeconds: ttl } : {}) })}\n`,
    );
    return 0;
  }
  if (!args.account) {
    process.stderr.write(`${HELP}\n`);
    return 2;
  }
  process.stdout.write(`${await shipperToken(config, args.account, ttl ?? 3600)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`pnpm dev-token: ${(error as Error).message}\n`);
    process.exit(error instanceof ConfigError || error instanceof TypeError ? 2 : 1);
  },
);
