/** One entry of an RFC 8288 `Link` header. */
export interface LinkEntry {
  target: string;
  /** Lower-cased relation types; `rel` may hold several, space-separated. */
  rels: string[];
  params: Record<string, string>;
}

/**
 * Parses a `Link` header. Commas and semicolons inside `<…>` and quoted strings are respected;
 * malformed entries are skipped rather than thrown on.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8288#section-3
 * @example
 * parseLinkHeader('<https://api.test/v2>; rel="successor-version"');
 * // [{ target: 'https://api.test/v2', rels: ['successor-version'], params: { rel: 'successor-version' } }]
 */
export function parseLinkHeader(value: string | null | undefined): LinkEntry[] {
  if (!value) return [];
  const entries: LinkEntry[] = [];
  const pattern = /<([^>]*)>((?:\s*;\s*[^;,=\s]+(?:\s*=\s*(?:"(?:[^"\\]|\\.)*"|[^;,\s]*))?)*)/g;
  for (const match of value.matchAll(pattern)) {
    const params: Record<string, string> = {};
    const paramPattern = /;\s*([^;,=\s]+)(?:\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;,\s]*)))?/g;
    for (const param of (match[2] ?? '').matchAll(paramPattern)) {
      const name = (param[1] ?? '').toLowerCase();
      if (name in params) continue; // RFC 8288: only the first occurrence counts
      params[name] = (param[2]?.replace(/\\(.)/g, '$1') ?? param[3] ?? '').trim();
    }
    const rels = (params['rel'] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    entries.push({ target: match[1] ?? '', rels, params });
  }
  return entries;
}

/**
 * The target of the first link with relation `rel`, resolved against `base` when relative.
 *
 * @example
 * findLink(entries, 'deprecation', 'https://api.test/v1/orders');
 */
export function findLink(entries: readonly LinkEntry[], rel: string, base?: string): string | undefined {
  const entry = entries.find((e) => e.rels.includes(rel));
  if (!entry) return undefined;
  try {
    return base ? new URL(entry.target, base).href : entry.target;
  } catch {
    return entry.target;
  }
}
