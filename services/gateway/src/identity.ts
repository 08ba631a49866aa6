import type { AuthHook } from '@apilife/runtime-client';
import { httpProblem, type Principal, type SecurityEnv } from '@apilife/runtime-server';
import { accountOf, onBehalfOf, type ServiceName, type SystemConfig } from '@drone-delivery/platform';
import type { Context } from 'hono';

/**
 * The account a gateway request acts for: the account of its API key (`ApiKeyAuth`), or the
 * `sub` of the shipper's own access token (`BearerAuth`). Throws a 403 problem when the
 * credential names no account (a token without `sub`).
 */
export function callerAccount(c: Context<SecurityEnv>): string {
  const principals: Readonly<Record<string, Principal>> = c.var.principals ?? {};
  const byKey = principals['ApiKeyAuth'];
  const account = byKey ? accountOf(byKey) : userAccount(principals['BearerAuth'] ?? c.var.principal);
  if (account === undefined || account === '') throw httpProblem(403, { detail: 'The credentials name no shipper account.' });
  return account;
}

function userAccount(principal: Principal | undefined): string | undefined {
  const sub = principal?.claims?.sub ?? principal?.subject;
  return typeof sub === 'string' ? sub : undefined;
}

/** Signs the `Authorization` header the gateway sends upstream for one account. */
export type AccountTokens = (accountId: string, to: ServiceName) => Promise<string>;

/**
 * Bearer tokens for calling `to` on behalf of an account (`sub` = the account, `act: gateway`,
 * see `onBehalfOf`), cached per account and upstream (at most `maxEntries`, oldest dropped first)
 * so they are re-signed only when they near expiry.
 * @example
 * const tokens = createAccountTokens(config);
 * await client.getDelivery(input, { headers: { authorization: await tokens(accountId, 'delivery') } });
 */
export function createAccountTokens(config: SystemConfig, maxEntries = 10_000): AccountTokens {
  const hooks = new Map<string, AuthHook>();
  const probeUrl = new URL('http://gateway.invalid/');
  return async (accountId, to) => {
    const key = `${to} ${accountId}`;
    let hook = hooks.get(key);
    if (!hook) {
      hook = onBehalfOf(config, accountId, to);
      hooks.set(key, hook);
      if (hooks.size > maxEntries) hooks.delete(hooks.keys().next().value as string);
    }
    const headers = new Headers();
    await hook({ operationId: '', method: 'GET', url: probeUrl, headers });
    return headers.get('authorization') ?? '';
  };
}
