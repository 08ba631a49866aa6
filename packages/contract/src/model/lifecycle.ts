import { readLifecycleFacts } from '../read/lifecycle.ts';
import type { RefResolver } from './resolve.ts';
import type { Lifecycle, Located } from './types.ts';

/**
 * The `x-lifecycle` extension of a located object, read once by `readLifecycleFacts`, with where it
 * is written (`raw`) for findings.
 */
export function readLifecycle(resolver: RefResolver, holder: Located): Lifecycle | undefined {
  const raw = resolver.child<Record<string, unknown>>(holder, 'x-lifecycle');
  const facts = raw && readLifecycleFacts(raw.value);
  return facts && { ...facts, raw: raw as Located<Record<string, unknown>> };
}
