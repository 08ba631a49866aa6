import type { JwtVerifyOptions } from '@apilife/runtime-server';
import type { Mode, ServiceIdentity, ShipperTokens } from './secrets.ts';
import { publicJwk, serviceOfKid, type KeyedJwk } from './service-keys.ts';
import { envStem, SERVICES } from './services.ts';

/**
 * Credentials given in the environment, parsed; every problem is pushed onto `problems` (named by
 * its variable) so that one start reports them all.
 */

/** The environment the settings are read from. */
export type Env = Record<string, string | undefined>;

/** The defaults of shippers' tokens in development (the development login's issuer and audience). */
export const SHIPPER_TOKEN_DEFAULTS = {
  issuer: 'https://login.dronedelivery.example',
  audience: 'drone-delivery-api',
  typ: 'at+jwt',
} as const;
/** `APILIFE_JWT_ISSUER` and `APILIFE_JWT_AUDIENCE`, when set. */
export function issuerAudience(env: Env): { issuer?: string; audience?: string } {
  return {
    ...(env.APILIFE_JWT_ISSUER ? { issuer: env.APILIFE_JWT_ISSUER } : {}),
    ...(env.APILIFE_JWT_AUDIENCE ? { audience: env.APILIFE_JWT_AUDIENCE } : {}),
  };
}
/** Shortest API key accepted from `APILIFE_API_KEYS` (an API key is a password: 24 characters of a generator). */
const MIN_API_KEY = 24;

/** `APILIFE_API_KEYS`: `<accountId>:<key>` pairs separated by commas. */
export function readApiKeys(env: Env, mode: Mode, problems: string[]): { key: string; accountId: string }[] {
  const keys: { key: string; accountId: string }[] = [];
  const text = env.APILIFE_API_KEYS?.trim();
  if (!text) return keys;
  text.split(',').forEach((entry, i) => {
    const colon = entry.indexOf(':');
    const accountId = entry.slice(0, colon).trim();
    const key = entry.slice(colon + 1).trim();
    if (colon < 1 || !accountId) problems.push(`APILIFE_API_KEYS entry ${i + 1} must be <accountId>:<key>`);
    else if (key.length < MIN_API_KEY)
      problems.push(
        `APILIFE_API_KEYS entry ${i + 1} (account ${accountId}): the key has ${key.length} characters; ${mode} mode needs at least ${MIN_API_KEY}`,
      );
    else keys.push({ key, accountId });
  });
  return keys;
}

function parseJson(name: string, text: string, problems: string[]): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.push(`${name} is not JSON: ${(error as Error).message}`);
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `APILIFE_SERVICE_JWKS` (the public keys of every service, `kid` `<service>` or
 * `<service>.<version>`) and `APILIFE_SERVICE_KEY_<SERVICE>` (a private JWK, for each service of
 * this process that calls others); a private key's public half must be in the key set.
 */
export function readServiceKeys(env: Env, problems: string[]): ServiceIdentity {
  const identity: ServiceIdentity = { jwks: { keys: [] }, privateKeys: {} };
  const jwksText = env.APILIFE_SERVICE_JWKS;
  if (jwksText !== undefined) {
    const jwks = parseJson('APILIFE_SERVICE_JWKS', jwksText, problems);
    const keys = isObject(jwks) && Array.isArray(jwks['keys']) ? (jwks['keys'] as unknown[]) : undefined;
    if (jwks !== undefined && !keys) problems.push('APILIFE_SERVICE_JWKS must be a JSON Web Key Set: {"keys": [...]}');
    keys?.forEach((key, i) => {
      if (!isObject(key) || typeof key['kid'] !== 'string' || !serviceOfKid(key['kid']))
        problems.push(
          `APILIFE_SERVICE_JWKS key ${i + 1} needs a kid naming its service (<service>.<version>, services: ${SERVICES.join(', ')})`,
        );
      else if ('d' in key) problems.push(`APILIFE_SERVICE_JWKS key ${key['kid']} holds a private key; the key set is public keys only`);
      else identity.jwks.keys.push(key as KeyedJwk);
    });
  }
  for (const service of SERVICES) {
    const name = `APILIFE_SERVICE_KEY_${envStem(service)}`;
    const text = env[name];
    if (text === undefined) continue;
    const jwk = parseJson(name, text, problems);
    if (jwk === undefined) continue;
    if (!isObject(jwk) || typeof jwk['d'] !== 'string' || typeof jwk['kid'] !== 'string') {
      problems.push(`${name} must be a private JWK with a kid`);
      continue;
    }
    if (serviceOfKid(jwk['kid']) !== service)
      problems.push(`${name} has the kid ${JSON.stringify(jwk['kid'])}, which does not name ${service}`);
    let published: KeyedJwk | undefined;
    try {
      published = publicJwk(jwk as KeyedJwk);
    } catch (error) {
      problems.push(`${name} is not a usable key: ${(error as Error).message}`);
      continue;
    }
    const listed = identity.jwks.keys.find((k) => k.kid === jwk['kid']);
    if (!listed || listed.x !== published.x || listed.n !== published.n || listed.y !== published.y)
      problems.push(`${name}: APILIFE_SERVICE_JWKS holds no public key ${String(jwk['kid'])} matching it`);
    identity.privateKeys[service] = jwk as KeyedJwk;
  }
  return identity;
}

/**
 * The shippers' token settings, when given: one of `APILIFE_JWT_JWKS_URL` (with
 * `APILIFE_JWT_JWKS_ALLOW_HOSTS`), `APILIFE_JWT_JWKS` or `APILIFE_JWT_SECRET`, with
 * `APILIFE_JWT_ISSUER`, `APILIFE_JWT_AUDIENCE`, `APILIFE_JWT_ALGORITHMS` and `APILIFE_JWT_TYP`.
 * Key strength is checked when the gateway's verifier is created.
 */
export function readShipperTokens(env: Env, problems: string[]): ShipperTokens | undefined {
  const given = (['APILIFE_JWT_JWKS_URL', 'APILIFE_JWT_JWKS', 'APILIFE_JWT_SECRET'] as const).filter((name) => env[name] !== undefined);
  if (given.length === 0) return undefined;
  if (given.length > 1) {
    problems.push(`give one of APILIFE_JWT_JWKS_URL, APILIFE_JWT_JWKS, APILIFE_JWT_SECRET (given: ${given.join(', ')})`);
    return undefined;
  }
  const source = given[0]!;
  const algorithms =
    env.APILIFE_JWT_ALGORITHMS?.split(',')
      .map((a) => a.trim())
      .filter(Boolean) ?? (source === 'APILIFE_JWT_SECRET' ? ['HS256'] : ['RS256', 'PS256', 'ES256', 'EdDSA']);
  const base = {
    issuer: SHIPPER_TOKEN_DEFAULTS.issuer,
    audience: SHIPPER_TOKEN_DEFAULTS.audience,
    ...issuerAudience(env),
    algorithms,
    ...(env.APILIFE_JWT_TYP ? { typ: env.APILIFE_JWT_TYP } : {}),
  };
  let keys: Partial<JwtVerifyOptions>;
  if (source === 'APILIFE_JWT_SECRET') keys = { secret: env.APILIFE_JWT_SECRET! };
  else if (source === 'APILIFE_JWT_JWKS_URL') {
    const allowHosts =
      env.APILIFE_JWT_JWKS_ALLOW_HOSTS?.split(',')
        .map((h) => h.trim())
        .filter(Boolean) ?? [];
    keys = { jwksUrl: env.APILIFE_JWT_JWKS_URL!, jwksAllowHosts: allowHosts };
  } else {
    const jwks = parseJson('APILIFE_JWT_JWKS', env.APILIFE_JWT_JWKS!, problems);
    if (!isObject(jwks) || !Array.isArray(jwks['keys'])) {
      if (jwks !== undefined) problems.push('APILIFE_JWT_JWKS must be a JSON Web Key Set: {"keys": [...]}');
      return undefined;
    }
    keys = { jwks: jwks as { keys: KeyedJwk[] } };
  }
  return { verify: { ...base, ...keys }, source };
}
