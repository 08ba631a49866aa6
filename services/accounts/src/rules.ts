import type { FieldError } from '@drone-delivery/platform';
import type { Account, AccountPatch } from './generated/accounts/types.gen.ts';

/** What applying a patch gives: the new account, or why it is refused (409 or 422). */
export type PatchOutcome =
  | { ok: true; account: Account }
  | { ok: false; status: 409; detail: string }
  | { ok: false; status: 422; detail: string; errors: FieldError[] };

/**
 * Applies a JSON merge patch (RFC 7396) to an account under the rules of the contract:
 * - a closed account cannot change (409), whatever the patch;
 * - suspending requires a non-blank `suspendedReason` (422);
 * - `suspendedReason` is `null` unless the account is suspended: leaving the suspended state
 *   clears it, and setting one on an account that is not suspended is refused (422);
 * - `phone: null` removes the phone number.
 * `updatedAt` becomes `now`; `id`, `kind` and `createdAt` never change.
 */
export function applyAccountPatch(current: Account, patch: AccountPatch, now: Date): PatchOutcome {
  if (current.status === 'closed') {
    return { ok: false, status: 409, detail: `Account ${current.id} is closed; a closed account cannot be changed.` };
  }
  const status = patch.status ?? current.status;
  const leavesSuspension = current.status === 'suspended' && status !== 'suspended';
  let suspendedReason = patch.suspendedReason !== undefined ? patch.suspendedReason : leavesSuspension ? null : current.suspendedReason;
  if (status === 'suspended') {
    if (suspendedReason === null || suspendedReason.trim() === '') {
      return {
        ok: false,
        status: 422,
        detail: 'Suspending an account requires a suspendedReason.',
        errors: [{ pointer: '/suspendedReason', detail: 'is required when status is suspended' }],
      };
    }
  } else if (suspendedReason !== null) {
    if (patch.suspendedReason !== undefined) {
      return {
        ok: false,
        status: 422,
        detail: `suspendedReason must be null unless the account is suspended (status would be ${status}).`,
        errors: [{ pointer: '/suspendedReason', detail: 'must be null unless status is suspended' }],
      };
    }
    suspendedReason = null;
  }
  return {
    ok: true,
    account: {
      ...current,
      displayName: patch.displayName ?? current.displayName,
      billingEmail: patch.billingEmail ?? current.billingEmail,
      phone: patch.phone !== undefined ? patch.phone : current.phone,
      status,
      suspendedReason,
      updatedAt: now.toISOString(),
    },
  };
}
