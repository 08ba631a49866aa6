import type { SecurityRequirementIR } from '@apilife/spec';
import type { Changes, Place } from './report.ts';

/**
 * Compares the security of an operation (or of an AsyncAPI server, which a client meets when it
 * connects). Requirements are alternatives (any one suffices), each a set of schemes with scopes
 * (all needed). A caller that satisfied an old alternative must satisfy a new one; an alternative
 * that asks for the schemes of an old one and more is that one tightened.
 */
export function diffSecurity(before: SecurityRequirementIR[], after: SecurityRequirementIR[], subject: string, changes: Changes, places: { old: Place; new: Place }, of: 'operation' | 'server' = 'operation'): void {
  const text = (req: SecurityRequirementIR) => req.map((s) => `${s.scheme}${s.scopes.length ? `[${[...s.scopes].sort().join(' ')}]` : ''}`).sort().join(' + ') || 'anonymous';
  // New alternative `n` accepts every caller of old alternative `o` when it asks for no more.
  const covers = (n: SecurityRequirementIR, o: SecurityRequirementIR) => n.every((need) => o.some((had) => had.scheme === need.scheme && need.scopes.every((scope) => had.scopes.includes(scope))));
  const extendsSchemes = (n: SecurityRequirementIR, o: SecurityRequirementIR) => o.every((had) => n.some((need) => need.scheme === had.scheme));
  const open = (reqs: SecurityRequirementIR[]) => reqs.length === 0 || reqs.some((r) => r.length === 0);
  if (open(before) && !open(after)) return changes.add(`${of}-security-added`, subject, `authentication is now required (${after.map(text).join(' or ')})`, places);
  if (open(before) || open(after)) return;
  for (const o of before) {
    if (after.some((n) => covers(n, o))) continue;
    const tightened = after.some((n) => extendsSchemes(n, o));
    changes.add(tightened ? `${of}-security-added` : `${of}-security-removed`, subject, tightened ? `security ${text(o)} now needs more (${after.map(text).join(' or ')})` : `callers authenticating with ${text(o)} are no longer accepted`, places);
  }
  for (const n of after) if (!before.some((o) => extendsSchemes(n, o))) changes.add(`${of}-security-alternative-added`, subject, `callers may now authenticate with ${text(n)}`, places);
}
