import { strongEtag, type SecurityEnv } from '@apilife/runtime-server';
import {
  accountOf,
  assertCurrent,
  forbidden,
  invalidRequest,
  invalidTransition,
  notFound,
  validationFailed,
} from '@drone-delivery/platform';
import type { Context } from 'hono';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { Handlers } from './generated/accounts/server.gen.ts';
import type { Account } from './generated/accounts/types.gen.ts';
import { applyAccountPatch } from './rules.ts';
import { compareNewestFirst, type AccountStore } from './store.ts';

/** What the handlers of the Accounts API work with. */
export interface AccountHandlerDeps {
  store: AccountStore;
  /** Clock (default: the system clock). */
  now?: () => Date;
  log?: (line: string) => void;
}

/** The entity tag of an account's representation. */
export function accountEtag(account: Account): string {
  return strongEtag(account);
}

/**
 * Why the caller may not see `accountId`, or undefined when it may: a caller acting for an
 * account (gateway token, API key) sees only that account; services see every account.
 */
function denial(c: Context<SecurityEnv>, accountId: string): string | undefined {
  const own = accountOf(c.var.principal);
  return own === undefined || own === accountId
    ? undefined
    : `The caller acts for another account and is not authorised for account ${accountId}.`;
}

/** The handlers of the Accounts API (contracts/accounts/openapi.yaml). */
export function createAccountHandlers({ store, now = () => new Date(), log }: AccountHandlerDeps): Handlers<SecurityEnv> {
  return {
    listAccounts({ query }, c) {
      const own = accountOf(c.var.principal);
      let accounts = store.list(query.status).filter((account) => own === undefined || account.id === own);
      if (query.cursor !== undefined) {
        const position = decodeCursor(query.cursor, now());
        if ('error' in position) {
          return {
            status: 400,
            body: invalidRequest(
              `The cursor ${position.error}.`,
              [{ pointer: '', detail: position.error, in: 'query', parameter: 'cursor' }],
              c.req.path,
            ),
          };
        }
        accounts = accounts.filter((account) => compareNewestFirst(account, position) > 0);
      }
      const items = accounts.slice(0, query.limit);
      const last = items.at(-1);
      const nextCursor = accounts.length > items.length && last ? encodeCursor(last, now()) : null;
      return { status: 200, body: { items, nextCursor } };
    },

    getAccount({ path }, c) {
      const denied = denial(c, path.accountId);
      if (denied) return { status: 403, body: forbidden(denied, c.req.path) };
      const account = store.get(path.accountId);
      if (!account) return { status: 404, body: notFound(c.req.path) };
      return { status: 200, body: account, headers: { ETag: accountEtag(account) } };
    },

    updateAccount({ path, body }, c) {
      const denied = denial(c, path.accountId);
      if (denied) return { status: 403, body: forbidden(denied, c.req.path) };
      const current = store.get(path.accountId);
      if (!current) return { status: 404, body: notFound(c.req.path) };
      assertCurrent(c, accountEtag(current));
      const outcome = applyAccountPatch(current, body, now());
      if (!outcome.ok) {
        return outcome.status === 409
          ? { status: 409, body: invalidTransition(outcome.detail, c.req.path) }
          : { status: 422, body: validationFailed(outcome.detail, outcome.errors, c.req.path) };
      }
      store.put(outcome.account);
      if (outcome.account.status !== current.status)
        log?.(`[accounts] account ${current.id} ${current.status} → ${outcome.account.status}`);
      return { status: 200, body: outcome.account, headers: { ETag: accountEtag(outcome.account) } };
    },
  };
}
