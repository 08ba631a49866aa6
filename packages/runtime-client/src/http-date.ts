/**
 * Parses an HTTP-date (RFC 9110 §5.6.7: IMF-fixdate, or the obsolete RFC 850 and asctime forms) to
 * epoch milliseconds. `undefined` for anything else: `Date.parse` alone would read `-1` or `2` as years.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7
 * @example
 * parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT'); // 784111777000
 * parseHttpDate('12'); // undefined
 */
export function parseHttpDate(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const looksLikeDate = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s/i.test(trimmed) && /\d{1,2}:\d{2}:\d{2}/.test(trimmed);
  if (!looksLikeDate) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : at;
}
