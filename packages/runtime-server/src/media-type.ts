/**
 * Media type parsing for `Content-Type` and `Accept`.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-8.3.1
 */

/** A parsed media type or range, lower-cased, with its parameters. */
export type MediaType = { type: string; subtype: string; params: Record<string, string> };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

/**
 * Parses `type/subtype; name=value`; `undefined` when it is not a media type.
 * @example
 * parseMediaType('Application/JSON; charset=utf-8');
 * // { type: 'application', subtype: 'json', params: { charset: 'utf-8' } }
 */
export function parseMediaType(text: string): MediaType | undefined {
  const [essence = '', ...rawParams] = splitOutsideQuotes(text, ';');
  const slash = essence.indexOf('/');
  const type = essence.slice(0, slash).trim().toLowerCase();
  const subtype = essence
    .slice(slash + 1)
    .trim()
    .toLowerCase();
  if (slash < 0 || !TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  const params: Record<string, string> = Object.create(null);
  for (const raw of rawParams) {
    const eq = raw.indexOf('=');
    if (eq < 0) continue;
    const name = raw.slice(0, eq).trim().toLowerCase();
    let value = raw.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
      value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    if (TOKEN.test(name)) params[name] = value;
  }
  return { type, subtype, params };
}

/**
 * True for `application/json` and any `+json` structured syntax suffix.
 * @example
 * isJsonMediaType('application/merge-patch+json'); // true
 */
export function isJsonMediaType(text: string | undefined): boolean {
  const m = text === undefined ? undefined : parseMediaType(text);
  if (!m) return false;
  return (m.type === 'application' && m.subtype === 'json') || (m.subtype.endsWith('+json') && m.subtype.length > 5);
}

/** Splits on `separator`, ignoring separators inside double-quoted strings. */
export function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
