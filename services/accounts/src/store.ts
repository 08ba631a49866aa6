import { DEV_ACCOUNT_ID, OTHER_ACCOUNT_ID } from '@drone-delivery/platform';
import type { Account, AccountStatus } from './generated/accounts/types.gen.ts';

/** Where accounts live. In memory: one process, lost on restart. */
export interface AccountStore {
  /** The account, or undefined. A copy: changing it does not change the store. */
  get(id: string): Account | undefined;
  /** Every account (optionally only those in `status`), newest first (`createdAt`, then `id`, descending). */
  list(status?: AccountStatus): Account[];
  /** Inserts or replaces the account. */
  put(account: Account): void;
}

/** The accounts every fresh store starts with: the development shipper and a second one. */
export const SEED_ACCOUNTS: readonly Account[] = [
  {
    id: DEV_ACCOUNT_ID,
    displayName: 'Fabrikam Pharmacy Seattle',
    kind: 'business',
    status: 'active',
    billingEmail: 'billing@fabrikam-pharmacy.com',
    phone: '+12065550142',
    suspendedReason: null,
    createdAt: '2025-02-11T09:30:00.000Z',
    updatedAt: '2025-02-11T09:30:00.000Z',
  },
  {
    id: OTHER_ACCOUNT_ID,
    displayName: 'Contoso Flowers',
    kind: 'business',
    status: 'active',
    billingEmail: 'accounts@contoso-flowers.com',
    phone: '+14255550199',
    suspendedReason: null,
    createdAt: '2025-06-03T14:05:00.000Z',
    updatedAt: '2025-06-03T14:05:00.000Z',
  },
];

/** Newest first; `id` breaks ties so the order (and the cursors built on it) is total. */
export function compareNewestFirst(a: Pick<Account, 'createdAt' | 'id'>, b: Pick<Account, 'createdAt' | 'id'>): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** An in-memory store holding `seed` (default `SEED_ACCOUNTS`). */
export function createAccountStore(seed: readonly Account[] = SEED_ACCOUNTS): AccountStore {
  const accounts = new Map<string, Account>(seed.map((account) => [account.id, structuredClone(account)]));
  return {
    get: (id) => {
      const account = accounts.get(id);
      return account && structuredClone(account);
    },
    list: (status) =>
      [...accounts.values()]
        .filter((account) => status === undefined || account.status === status)
        .sort(compareNewestFirst)
        .map((account) => structuredClone(account)),
    put: (account) => {
      accounts.set(account.id, structuredClone(account));
    },
  };
}
