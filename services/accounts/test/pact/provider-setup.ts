/**
 * What verifies `accounts` against its consumers' pacts (today the delivery scheduler's), from files
 * (verify.pact.test.ts) or a broker (the system test, `apilife pact verify --setup`): the real
 * Accounts service in process on 127.0.0.1, its provider states (contracts/accounts/openapi.yaml,
 * `x-provider-states`) set up in its real account store, and every request signed as the delivery
 * scheduler, the one service Accounts lets in.
 */
import { createMessaging, MemoryTransport } from '@apilife/messaging';
import type { ProviderSetup } from '@apilife/pact';
import { listen, serviceToken, systemConfig, type Listening } from '@drone-delivery/platform';
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

/** Starts Accounts on 127.0.0.1 and answers what `verifyProvider` needs to verify it. */
export async function setup(): Promise<ProviderSetup> {
  const service = createAccountsService(
    { config, messaging: createMessaging({ transport: new MemoryTransport(), source: '/accounts' }) },
    { store },
  );
  const server: Listening = await listen(service.app, { host: '127.0.0.1', port: 0 });
  return {
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
    close: () => server.close(0),
  };
}
