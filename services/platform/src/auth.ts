import { jwtBearer, type AuthHook } from '@apilife/runtime-client';
import { apiKeyVerifier, type ApiKeySecurity, type BearerSecurity, type Principal } from '@apilife/runtime-server';
import type { ServiceName, SystemConfig } from './config.ts';

/** Issuer of every token the services sign for each other. */
export const SERVICE_ISSUER = 'drone-delivery';

/**
 * `ServiceBearerAuth` (and a public `BearerAuth` reached through the gateway) of the service
 * `self`: HS256 tokens signed with the service secret, for this audience. `sub` names the caller;
 * the gateway, acting for a shipper, signs `sub` = the account id with `act: gateway`.
 */
export function serviceSecurity(config: SystemConfig, self: ServiceName): BearerSecurity {
  return { jwt: { secret: config.serviceSecret, issuer: SERVICE_ISSUER, audience: self, algorithms: ['HS256'] } };
}

/** `ApiKeyAuth`: the configured API keys, each the principal of its account. */
export function apiKeySecurity(config: SystemConfig): ApiKeySecurity {
  return { verify: apiKeyVerifier(config.apiKeys.map(({ key, accountId }) => ({ key, principal: { subject: accountId, account: accountId } }))) };
}

/** The shippers' own access tokens (the gateway's `BearerAuth`): `sub` is the account id. */
export function userJwtSecurity(config: SystemConfig): BearerSecurity {
  return { jwt: { secret: config.userJwt.secret, issuer: config.userJwt.issuer, audience: config.userJwt.audience, algorithms: ['HS256'] } };
}

/** The `auth` hook of a client `from` one service `to` another. */
export function serviceAuth(config: SystemConfig, from: ServiceName, to: ServiceName): AuthHook {
  return jwtBearer({ secret: config.serviceSecret, issuer: SERVICE_ISSUER, audience: to, subject: from });
}

/** The `auth` hook of the gateway calling `to` for the shipper `accountId`. */
export function onBehalfOf(config: SystemConfig, accountId: string, to: ServiceName): AuthHook {
  return jwtBearer({ secret: config.serviceSecret, issuer: SERVICE_ISSUER, audience: to, subject: accountId, claims: { act: { sub: 'gateway' } } });
}

/**
 * The account a request acts for, or undefined for a service calling on its own behalf.
 * API keys name it; gateway tokens carry it as `sub` with `act`.
 */
export function accountOf(principal: Principal | undefined): string | undefined {
  if (!principal) return undefined;
  if (typeof principal['account'] === 'string') return principal['account'];
  const claims = principal.claims;
  if (claims && claims['act'] !== undefined) return claims.sub;
  return undefined;
}
