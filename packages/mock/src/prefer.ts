/**
 * What a caller asks the mock for, as Prism takes it: the `Prefer` header (`code=404`,
 * `example=late`, `dynamic=true`, comma- or semicolon-separated) or the same as query parameters
 * `__code`, `__example`, `__dynamic` (the header wins).
 * @see https://docs.stoplight.io/docs/prism/ (request preferences)
 * @see https://www.rfc-editor.org/rfc/rfc7240 (Prefer)
 */
export interface Preferences {
  code?: number;
  example?: string;
  dynamic?: boolean;
}

/**
 * Reads the preferences of a request; unknown preferences are ignored (RFC 7240).
 * @example
 * readPreferences('code=404, example=missing', new URLSearchParams()); // { code: 404, example: 'missing' }
 */
export function readPreferences(header: string | undefined, query: URLSearchParams): Preferences {
  const found = new Map<string, string>();
  for (const name of ['code', 'example', 'dynamic']) {
    const value = query.get(`__${name}`);
    if (value !== null) found.set(name, value);
  }
  if (header !== undefined)
    for (const part of header.slice(0, 1024).split(/[,;]/)) {
      const m = /^\s*([a-z]+)\s*=\s*"?([^"]*)"?\s*$/i.exec(part);
      if (m) found.set(m[1]!.toLowerCase(), m[2]!);
    }
  const preferences: Preferences = {};
  const code = found.get('code');
  if (code !== undefined && /^[1-5]\d\d$/.test(code)) preferences.code = Number(code);
  const example = found.get('example');
  if (example) preferences.example = example;
  const dynamic = found.get('dynamic');
  if (dynamic !== undefined) preferences.dynamic = dynamic === 'true';
  return preferences;
}
