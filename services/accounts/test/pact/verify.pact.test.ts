/**
 * Provider verification of `accounts` against every pact in `pacts/` that names it (today the
 * delivery scheduler's): the real Accounts service in process on 127.0.0.1, its provider states
 * (contracts/accounts/openapi.yaml, `x-provider-states`) set up in its real account store, and
 * every request signed as the delivery scheduler, the one service Accounts lets in.
 */
import { createMessaging, MemoryTransport } from '@apilife/messaging';
import { verifyProvider } from '@apilife/pact';
import { listen, serviceToken, systemConfig, type Listening } from '@drone-delivery/platform';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { stateHandlers } from '../../src/generated/accounts/pact.gen.ts';
import type { Account } from '../../src/generated/accounts/types.gen.ts';
import { createAccountsService } from '../../src/service.ts';
import { createAccountStore, SEED_ACCOUNTS, type AccountStore } from '../../src/store.ts';

const config = systemConfig({});

/**
 * The service's store, behind a handle the state handlers can point at a new real store (the
 * store has no delete: "no account exists" starts one without the account).
 */
let accounts: AccountStore = createAccountStore();
const store: AccountStore = {
  get: (id) => accounts.get(id),
  list: (status) => accounts.list(status),
  put: (account) => accounts.put(account),
};

/** An account of the test, in `status` (a suspended one with its reason, as the rules require). */
function accountIn(accountId: string, status: Account['status']): Account {
  return {
    ...structuredClone(SEED_ACCOUNTS[0]!),
    id: accountId,
    status,
    suspendedReason: status === 'suspended' ? 'Invoice 2026-10 overdue by 30 days.' : null,
  };
}

let server: Listening;

beforeAll(async () => {
  const service = createAccountsService(
    { config, messaging: createMessaging({ transport: new MemoryTransport(), source: '/accounts' }) },
    { store },
  );
  server = await listen(service.app, { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await server?.close(0);
});

describe('accounts: provider verification', () => {
  it('honours every pact naming accounts', async () => {
    await verifyProvider({
      provider: 'accounts',
      http: {
        baseUrl: server.url,
        headers: async () => ({ Authorization: `Bearer ${await serviceToken(config, { from: 'delivery-scheduler', to: 'accounts' })}` }),
      },
      states: [
        stateHandlers({
          'an account exists': ({ accountId, status }) => {
            accounts.put(accountIn(accountId, status));
          },
          'no account exists': ({ accountId }) => {
            accounts = createAccountStore(accounts.list().filter((account) => account.id !== accountId));
          },
        }),
      ],
    });
  });
});
