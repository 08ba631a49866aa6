import { getAtPath, isObject, parsePointer, type SecurityRequirementIR } from '@apilife/contract';
import type { Changes, Place } from './report.ts';

/**
 * Compares the security of an operation (or of an AsyncAPI server, which a client meets when it
 * connects). Requirements are alternatives (any one suffices), each a set of schemes with scopes
 * (all needed). A caller that satisfied an old alternative must satisfy a new one; an alternative
 * that asks for the schemes of an old one and more is that one tightened.
 */
export function diffSecurity(
  before: SecurityRequirementIR[],
  after: SecurityRequirementIR[],
  subject: string,
  changes: Changes,
  places: { old: Place; new: Place },
  of: 'operation' | 'server' = 'operation',
): void {
  const text = (req: SecurityRequirementIR) =>
    req
      .map((s) => `${s.scheme}${s.scopes.length ? `[${[...s.scopes].sort().join(' ')}]` : ''}`)
      .sort()
      .join(' + ') || 'anonymous';
  // New alternative `n` accepts every caller of old alternative `o` when it asks for no more.
  const covers = (n: SecurityRequirementIR, o: SecurityRequirementIR) =>
    n.every((need) => o.some((had) => had.scheme === need.scheme && need.scopes.every((scope) => had.scopes.includes(scope))));
  const extendsSchemes = (n: SecurityRequirementIR, o: SecurityRequirementIR) =>
    o.every((had) => n.some((need) => need.scheme === had.scheme));
  const open = (reqs: SecurityRequirementIR[]) => reqs.length === 0 || reqs.some((r) => r.length === 0);
  if (open(before) && !open(after))
    return changes.add(`${of}-security-added`, subject, `authentication is now required (${after.map(text).join(' or ')})`, places);
  if (open(before) || open(after)) return;
  for (const o of before) {
    if (after.some((n) => covers(n, o))) continue;
    const tightened = after.some((n) => extendsSchemes(n, o));
    changes.add(
      tightened ? `${of}-security-added` : `${of}-security-removed`,
      subject,
      tightened
        ? `security ${text(o)} now needs more (${after.map(text).join(' or ')})`
        : `callers authenticating with ${text(o)} are no longer accepted`,
      places,
    );
  }
  for (const n of after)
    if (!before.some((o) => extendsSchemes(n, o)))
      changes.add(`${of}-security-alternative-added`, subject, `callers may now authenticate with ${text(n)}`, places);
}

/** What decides how a client authenticates with a scheme: OpenAPI and AsyncAPI Security Scheme fields. */
const HOW = ['type', 'in', 'name', 'scheme'] as const;
/** Where a client gets its credentials: OAuth 2 flow URLs and the OpenID Connect discovery URL. */
const URLS = ['authorizationUrl', 'tokenUrl', 'refreshUrl'] as const;

/**
 * The security schemes that operations (or AsyncAPI servers) of the old version use, as defined in
 * `components.securitySchemes` of each version: a change to how a client authenticates (its type,
 * where the key goes and its name, the HTTP scheme, an OAuth flow removed) is breaking; a moved
 * token, authorization or OpenID Connect URL is a warning. Descriptions and offered scopes are not
 * changes (the scopes an operation needs are compared with its security).
 * @see https://spec.openapis.org/oas/v3.1.0#security-scheme-object
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#securitySchemeObject
 */
export function diffSecuritySchemes(
  beforeDoc: unknown,
  afterDoc: unknown,
  used: ReadonlySet<string>,
  changes: Changes,
  files: { old: string; new: string },
): void {
  for (const name of used) {
    const a = schemeOf(beforeDoc, name);
    const b = schemeOf(afterDoc, name);
    if (!a || !b) continue;
    const subject = `security scheme ${name}`;
    const pointer = `/components/securitySchemes/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const places = { old: { file: files.old, pointer }, new: { file: files.new, pointer } };
    const norm = (value: unknown, field: string) =>
      JSON.stringify(field === 'scheme' && typeof value === 'string' ? value.toLowerCase() : value);
    const how = HOW.filter((field) => norm(a[field], field) !== norm(b[field], field)).map(
      (field) => `${field} ${String(a[field] ?? 'none')} became ${String(b[field] ?? 'none')}`,
    );
    const flowsA = isObject(a.flows) ? a.flows : {};
    const flowsB = isObject(b.flows) ? b.flows : {};
    for (const flow of Object.keys(flowsA)) if (!(flow in flowsB)) how.push(`the ${flow} flow was removed`);
    if (how.length > 0) changes.add('security-scheme-changed', subject, how.join('; '), places);
    const urls: string[] = [];
    for (const [flow, f] of Object.entries(flowsA)) {
      const g = flowsB[flow];
      if (!isObject(f) || !isObject(g)) continue;
      for (const field of URLS)
        if (JSON.stringify(f[field]) !== JSON.stringify(g[field]) && f[field] !== undefined)
          urls.push(`${flow} ${field} ${String(f[field])} became ${String(g[field] ?? 'none')}`);
    }
    if (JSON.stringify(a.openIdConnectUrl) !== JSON.stringify(b.openIdConnectUrl))
      urls.push(`openIdConnectUrl ${String(a.openIdConnectUrl ?? 'none')} became ${String(b.openIdConnectUrl ?? 'none')}`);
    if (urls.length > 0) changes.add('security-scheme-url-changed', subject, urls.join('; '), places);
  }
}

function schemeOf(doc: unknown, name: string): Record<string, unknown> | undefined {
  let scheme = getAtPath(doc, ['components', 'securitySchemes', name]);
  for (let hops = 0; isObject(scheme) && typeof scheme.$ref === 'string' && scheme.$ref.startsWith('#/') && hops < 8; hops++)
    scheme = getAtPath(doc, parsePointer(scheme.$ref));
  return isObject(scheme) ? scheme : undefined;
}
