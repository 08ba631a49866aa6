import { randomBytes } from 'node:crypto';
import type { JwtVerifyOptions } from '@apilife/runtime-server';
import { ConfigError } from './errors.ts';
import { issuerAudience, readApiKeys, readServiceKeys, readShipperTokens, SHIPPER_TOKEN_DEFAULTS, type Env } from './secrets-env.ts';
import { deriveDevKey, devServiceKeys, publicJwk, type KeyedJwk } from './service-keys.ts';
import type { ServiceName } from './services.ts';

/** How the system runs: `development` (the default) or `production` (`APILIFE_MODE=production`, or `NODE_ENV=production`). */
export type Mode = 'development' | 'production';

/** The development account and its API key, seeded in Accounts and known to the gateway. */
export const DEV_ACCOUNT_ID = '0b7f3d4e-2c1a-4f6b-9d8e-7a6b5c4d3e2f';
/** A second seeded account (tests: one account must not read another's deliveries); it has no API key unless given one. */
export const OTHER_ACCOUNT_ID = '5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b';
/** The API key of the development account in development mode (documented in the README); refused in production. */
export const DEV_API_KEY = 'dev-key-3f9a1c7e5b2d4068';
/** Values the source code once used as secrets: refused wherever they are given in production. */
export const SOURCE_SECRETS: readonly string[] = [
  DEV_API_KEY,
  'other-key-8d2e6f0a4c1b3957',
  'development-only-service-secret',
  'development-only-user-secret',
];

/** The services' keys: every public key (what verifiers trust) and the private keys this process signs with. */
export interface ServiceIdentity {
  jwks: { keys: KeyedJwk[] };
  privateKeys: Partial<Record<ServiceName, KeyedJwk>>;
}

/** How the gateway verifies shippers' access tokens; in development also the development login's signing key. */
export interface ShipperTokens {
  verify: JwtVerifyOptions;
  /** Development only: the key of the development login (`pnpm dev-token` signs with it). */
  devSigningKey?: KeyedJwk;
  /** The setting the verification comes from, for messages (`APILIFE_JWT_JWKS_URL`, `development login`). */
  source: string;
}

/** Every credential the system accepts or signs with. */
export interface Secrets {
  mode: Mode;
  /** Development only: the seed every development key is derived from (`APILIFE_DEV_SEED`, else random per start). */
  devSeed?: string;
  identity: ServiceIdentity;
  /** `undefined` in production when no shipper token setting is given (API keys only). */
  shipperTokens?: ShipperTokens;
  apiKeys: { key: string; accountId: string }[];
}

/**
 * The mode from the environment: `APILIFE_MODE` (`development` or `production`) when set, else
 * `production` when `NODE_ENV=production`, else `development`.
 */
export function readMode(env: Env): Mode {
  const mode = env.APILIFE_MODE;
  if (mode === undefined || mode === '') return env.NODE_ENV === 'production' ? 'production' : 'development';
  if (mode !== 'development' && mode !== 'production')
    throw new ConfigError([`APILIFE_MODE must be development or production, got ${JSON.stringify(mode)}`]);
  return mode;
}

/**
 * The credentials of `mode`. Development: keys derived from `APILIFE_DEV_SEED` (random when
 * unset), the documented API key of the development account, the development login for shippers'
 * tokens, all printed by `pnpm start`. Production: only what is given (`APILIFE_SERVICE_JWKS`,
 * `APILIFE_SERVICE_KEY_<SERVICE>`, `APILIFE_API_KEYS`, `APILIFE_JWT_*`); development settings and
 * any secret the source code ever held are refused. Throws a `ConfigError` listing every problem.
 */
export function readSecrets(env: Env, mode: Mode): Secrets {
  const problems: string[] = [];
  for (const gone of ['APILIFE_SERVICE_SECRET', 'APILIFE_OTHER_API_KEY'] as const) {
    if (env[gone] !== undefined)
      problems.push(
        `${gone} is no longer read: ${gone === 'APILIFE_SERVICE_SECRET' ? 'each service signs with its own key (APILIFE_SERVICE_KEY_<SERVICE>, public keys in APILIFE_SERVICE_JWKS)' : 'list extra keys in APILIFE_API_KEYS as <accountId>:<key>'}`,
      );
  }
  const apiKeys = readApiKeys(env, mode, problems);
  let shipperTokens = readShipperTokens(env, problems);
  let secrets: Secrets;
  if (mode === 'development') {
    const devSeed = env.APILIFE_DEV_SEED ?? randomBytes(32).toString('base64url');
    if (devSeed.length < 16) problems.push('APILIFE_DEV_SEED must be at least 16 characters');
    const identity = devServiceKeys(devSeed);
    if (!shipperTokens) {
      const devSigningKey = deriveDevKey(devSeed, 'shipper login', 'dev-login');
      const verify: JwtVerifyOptions = {
        jwks: { keys: [publicJwk(devSigningKey)] },
        ...SHIPPER_TOKEN_DEFAULTS,
        ...issuerAudience(env),
        algorithms: ['EdDSA'],
      };
      shipperTokens = { verify, devSigningKey, source: 'the development login (APILIFE_DEV_SEED)' };
    }
    secrets = {
      mode,
      devSeed,
      identity,
      shipperTokens,
      apiKeys: [{ key: env.APILIFE_API_KEY ?? DEV_API_KEY, accountId: DEV_ACCOUNT_ID }, ...apiKeys],
    };
  } else {
    if (env.APILIFE_DEV_SEED !== undefined)
      problems.push(
        'APILIFE_DEV_SEED is a development setting; production mode takes the keys themselves (APILIFE_SERVICE_KEY_<SERVICE>, APILIFE_SERVICE_JWKS)',
      );
    const identity = readServiceKeys(env, problems);
    const devAccount = env.APILIFE_API_KEY === undefined ? [] : [{ key: env.APILIFE_API_KEY, accountId: DEV_ACCOUNT_ID }];
    secrets = { mode, identity, ...(shipperTokens ? { shipperTokens } : {}), apiKeys: [...devAccount, ...apiKeys] };
    for (const { key } of secrets.apiKeys)
      if (SOURCE_SECRETS.includes(key))
        problems.push('an API key is the development key from the source code; give keys of your own in APILIFE_API_KEYS');
    if (env.APILIFE_JWT_SECRET !== undefined && SOURCE_SECRETS.includes(env.APILIFE_JWT_SECRET))
      problems.push('APILIFE_JWT_SECRET is the development secret from the source code');
  }
  if (problems.length > 0) throw new ConfigError(problems, `cannot start in ${mode} mode`);
  return secrets;
}
