import { jwtBearer, signJwt, type AuthHook } from '@apilife/runtime-client';
import {
  apiKeyVerifier,
  defaultRateLimitKey,
  type ApiKeySecurity,
  type BearerSecurity,
  type JwtVerifyOptions,
  type Principal,
  type ServerRateLimitOptions,
} from '@apilife/runtime-server';
import type { Context } from 'hono';
import type { SystemConfig } from './config.ts';
import { keysOf, type KeyedJwk } from './service-keys.ts';
import { ACTS_FOR_SHIPPERS, CALLERS, type ServiceName } from './services.ts';

/**
 * Service identity: every service signs its calls with its own key (`iss` = itself, `aud` = the
 * service called, `typ` = `SERVICE_TOKEN_TYPE`); a service verifies with the public keys of the
 * services allowed to call it, and nothing else. The gateway, acting for a shipper, signs `sub` =
 * the account with `act: { sub: 'gateway' }` (RFC 8693). See docs/adr/0009-service-identity-and-production-mode.md.
 */

/** The `typ` of service-to-service tokens: a shipper's token (`at+jwt`) is never one. */
export const SERVICE_TOKEN_TYPE = 'service+jwt';
/** Lifetime of a service token, in seconds (re-signed when a third is left). */
const SERVICE_TOKEN_TTL = 300;

/** The verification of the tokens of `caller` calling `self`. */
function callerVerification(config: SystemConfig, caller: ServiceName, self: ServiceName): JwtVerifyOptions {
  return {
    jwks: { keys: keysOf(config.identity.jwks, caller) },
    issuer: caller,
    audience: self,
    algorithms: ['EdDSA', 'ES256'],
    typ: SERVICE_TOKEN_TYPE,
    maxLifetimeSec: 2 * SERVICE_TOKEN_TTL,
    clockToleranceSec: 5,
  };
}

/**
 * `ServiceBearerAuth` of the service `self` (and the `BearerAuth` of the public operations the
 * gateway routes to it): tokens of the services in `CALLERS[self]`, each checked with that
 * caller's own public keys. A token of any other issuer, or signed with another key, is refused.
 */
export function serviceSecurity(config: SystemConfig, self: ServiceName): BearerSecurity {
  return { jwt: CALLERS[self].map((caller) => callerVerification(config, caller, self)) };
}

/** The private key `from` signs with; throws when this process was not given it. */
function signingKey(config: SystemConfig, from: ServiceName): KeyedJwk {
  const key = config.identity.privateKeys[from];
  if (!key) throw new TypeError(`no signing key of ${from}: set APILIFE_SERVICE_KEY_${from.toUpperCase().replace(/-/g, '_')}`);
  return key;
}

/** The `auth` hook of a client `from` one service `to` another, on its own behalf. */
export function serviceAuth(config: SystemConfig, from: ServiceName, to: ServiceName): AuthHook {
  return jwtBearer({
    key: { privateJwk: signingKey(config, from) },
    typ: SERVICE_TOKEN_TYPE,
    issuer: from,
    audience: to,
    subject: from,
    ttlSeconds: SERVICE_TOKEN_TTL,
  });
}

/** The `auth` hook of the gateway calling `to` for the shipper `accountId`. */
export function onBehalfOf(config: SystemConfig, accountId: string, to: ServiceName): AuthHook {
  return jwtBearer({
    key: { privateJwk: signingKey(config, 'gateway') },
    typ: SERVICE_TOKEN_TYPE,
    issuer: 'gateway',
    audience: to,
    subject: accountId,
    claims: { act: { sub: 'gateway' } },
    ttlSeconds: SERVICE_TOKEN_TTL,
  });
}

/**
 * One service token, as `serviceAuth` (or, with `account`, `onBehalfOf`) would send it: for tools
 * and tests that call an internal service directly.
 * @example
 * const token = await serviceToken(config, { from: 'gateway', to: 'delivery', account: DEV_ACCOUNT_ID });
 */
export function serviceToken(
  config: SystemConfig,
  call: { from: ServiceName; to: ServiceName; account?: string; ttlSeconds?: number },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const acting = call.account === undefined ? {} : { act: { sub: call.from } };
  return signJwt(
    {
      ...acting,
      iss: call.from,
      aud: call.to,
      sub: call.account ?? call.from,
      iat: now,
      exp: now + (call.ttlSeconds ?? SERVICE_TOKEN_TTL),
    },
    { privateJwk: signingKey(config, call.from) },
    { typ: SERVICE_TOKEN_TYPE },
  );
}

/**
 * The account a request acts for, or `undefined` for a service calling on its own behalf. API
 * keys name it; a service token carries it as `sub` when its issuer acts for shippers and says
 * so in `act`. Anything else names no account.
 */
export function accountOf(principal: Principal | undefined): string | undefined {
  if (!principal) return undefined;
  if (typeof principal['account'] === 'string') return principal['account'];
  const claims = principal.claims;
  const act = claims?.['act'] as { sub?: unknown } | undefined;
  if (claims && act && act.sub === claims.iss && (ACTS_FOR_SHIPPERS as readonly string[]).includes(claims.iss)) return claims.sub;
  return undefined;
}

/** `ApiKeyAuth` of the gateway: the configured API keys, each the principal of its account. */
export function apiKeySecurity(config: SystemConfig): ApiKeySecurity {
  return {
    verify: apiKeyVerifier(config.apiKeys.map(({ key, accountId }) => ({ key, principal: { subject: accountId, account: accountId } }))),
  };
}

/**
 * `ApiKeyAuth` of an internal service whose contract lists it for the operations the gateway
 * routes: shippers' keys are checked at the gateway only, so every key is refused here.
 */
export const refuseShipperKeys: ApiKeySecurity = { verify: () => undefined };

/** The shippers' own access tokens (the gateway's `BearerAuth`): `sub` is the account id. */
export function userJwtSecurity(config: SystemConfig): BearerSecurity {
  if (!config.shipperTokens) return { verify: () => undefined };
  return { jwt: config.shipperTokens.verify };
}

/** The rate limit of an internal service: `internalRateLimitPerMinute` per calling service (its verified `iss`). */
export function internalRateLimit(config: SystemConfig): ServerRateLimitOptions {
  return {
    limit: config.internalRateLimitPerMinute,
    windowMs: 60_000,
    key: (c: Context) => {
      const iss = (c.get('principal') as Principal | undefined)?.claims?.iss;
      return typeof iss === 'string' ? `service:${iss}` : defaultRateLimitKey(c);
    },
  };
}
