import { signJwt } from '@apilife/runtime-client';
import type { SystemConfig } from './config.ts';

/**
 * A shipper's access token from the development login (development mode only: production
 * verifies the tokens of your identity provider and signs none), as `pnpm dev-token` prints it.
 * @example
 * const token = await shipperToken(config, DEV_ACCOUNT_ID); // Authorization: Bearer <token> at the gateway
 */
export function shipperToken(config: SystemConfig, accountId: string, ttlSeconds = 3600): Promise<string> {
  const tokens = config.shipperTokens;
  if (!tokens?.devSigningKey)
    throw new TypeError(
      `no development login here (${config.mode} mode, shippers' tokens from ${tokens?.source ?? 'nowhere'}): tokens come from the identity provider`,
    );
  const { issuer, audience, typ } = tokens.verify;
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    { iss: issuer, aud: audience, sub: accountId, iat: now, exp: now + ttlSeconds },
    { privateJwk: tokens.devSigningKey },
    typ ? { typ } : {},
  );
}
