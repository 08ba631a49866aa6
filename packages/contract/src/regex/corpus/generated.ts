/**
 * Patterns made from a seeded grammar over a few overlapping character sets (`a`, `[ab]`,
 * `[a-z]`, `\d`, `\w`, `.`, `\s`) nested in groups, alternations and repetitions: they hit the
 * corners real patterns rarely do (nested loops, nullable bodies, counted repetitions).
 */
export function generatedPatterns(count: number, seed: number): string[] {
  let state = seed >>> 0;
  const random = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    // The high bits: the low bits of this generator repeat with a short period.
    return (state >>> 16) % n;
  };
  const ATOMS = ['a', 'b', '[ab]', '[a-z]', '\\d', '\\w', '.', '\\s', '-', '[a-z0-9]'];
  const QUANTIFIERS = ['', '', '', '*', '+', '?', '{1,3}', '{2}', '{0,5}', '{2,}'];
  const node = (depth: number): string => {
    const kind = depth >= 3 ? 0 : random(4);
    if (kind === 0) return ATOMS[random(ATOMS.length)]! + QUANTIFIERS[random(QUANTIFIERS.length)]!;
    if (kind === 1) return Array.from({ length: 2 + random(2) }, () => node(depth + 1)).join('');
    if (kind === 2)
      return `(?:${Array.from({ length: 2 + random(2) }, () => node(depth + 1)).join('|')})${QUANTIFIERS[random(QUANTIFIERS.length)]!}`;
    return `(?:${node(depth + 1)})${['*', '+', '{1,4}', '{3}'][random(4)]!}`;
  };
  const out = new Set<string>();
  while (out.size < count) {
    const body = node(0);
    const anchored = random(3);
    out.add(anchored === 0 ? body : anchored === 1 ? `^${body}$` : `^${body}`);
  }
  return [...out];
}
