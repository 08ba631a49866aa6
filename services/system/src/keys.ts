/**
 * `pnpm keys`: a fresh set of service keys for production mode: one Ed25519 key pair per service,
 * printed as the settings each process needs (`APILIFE_SERVICE_JWKS`, public, for every process;
 * `APILIFE_SERVICE_KEY_<SERVICE>`, private, only for the process running that service).
 */
import { generateServiceKey, publicJwk, SERVICES } from '@drone-delivery/platform';
import { parseCli } from './cli.ts';

const HELP = `Usage: pnpm keys [--version <label>] [--format env|json]

Generates one Ed25519 key per service for production mode and prints the settings:
  APILIFE_SERVICE_JWKS            the public keys (kid <service>.<version>), for every process
  APILIFE_SERVICE_KEY_<SERVICE>   each private key, only for the process that runs the service
  --version   the key version in the kid (default today's date, e.g. 2026-12-07); rotate by
              adding the new public keys to APILIFE_SERVICE_JWKS before switching private keys
  --format    env (default: shell assignments) or json`;

function main(): number {
  const args = parseCli({ version: { type: 'string' }, format: { type: 'string', default: 'env' } }, HELP);
  if (typeof args === 'number') return args;
  const version = args.version ?? new Date().toISOString().slice(0, 10);
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(version)) {
    process.stderr.write('--version must be letters, digits, - or _ (up to 40)\n');
    return 2;
  }
  const privateKeys = Object.fromEntries(SERVICES.map((s) => [s, generateServiceKey(`${s}.${version}`)]));
  const settings: Record<string, string> = {
    APILIFE_SERVICE_JWKS: JSON.stringify({ keys: SERVICES.map((s) => publicJwk(privateKeys[s]!)) }),
  };
  for (const s of SERVICES) settings[`APILIFE_SERVICE_KEY_${s.toUpperCase().replace(/-/g, '_')}`] = JSON.stringify(privateKeys[s]);
  if (args.format === 'json') process.stdout.write(`${JSON.stringify(settings)}\n`);
  else if (args.format === 'env') for (const [name, value] of Object.entries(settings)) process.stdout.write(`${name}='${value}'\n`);
  else {
    process.stderr.write('--format must be env or json\n');
    return 2;
  }
  return 0;
}

process.exit(main());
