import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { analysePattern } from './analyse.ts';
import type { OracleEntry } from './corpus/build-oracle.ts';
import { DIFFERENCES } from './corpus/differences.ts';

/**
 * The analyser against recheck (the ReDoS checker), both directions, on the corpus in
 * `corpus/oracle.json` (recheck's verdicts, built by `corpus/build-oracle.ts`). Every difference
 * is listed with its reason in `corpus/differences.ts`; one not listed, or listed but gone, fails.
 */
const oracle = JSON.parse(readFileSync(new URL('./corpus/oracle.json', import.meta.url), 'utf8')) as OracleEntry[];

/** recheck's verdict in the analyser's words; undefined when recheck could not tell. */
function recheckSays(entry: OracleEntry): string | undefined {
  if (entry.recheck.status === 'unknown') return undefined;
  if (entry.recheck.status === 'safe') return 'linear';
  return entry.recheck.complexity;
}

describe('analysePattern against recheck', () => {
  const compared = oracle.map((entry) => ({ entry, recheck: recheckSays(entry), apilife: analysePattern(entry.pattern).complexity }));

  it('has a corpus worth the name: a few hundred patterns from real contracts, advisories and a grammar', () => {
    expect(oracle.length).toBeGreaterThanOrEqual(300);
    const sources = new Set(oracle.map((e) => e.source));
    for (const source of ['apilife contracts', '@octokit/openapi', 'known ReDoS', 'generated']) expect(sources).toContain(source);
  });

  it('differs from recheck only where differences.ts says why', () => {
    const found = Object.fromEntries(
      compared
        .filter((c) => c.recheck !== undefined && c.recheck !== c.apilife)
        .map((c) => [c.entry.pattern, `${c.recheck} → ${c.apilife}`]),
    );
    const listed = Object.fromEntries(Object.entries(DIFFERENCES).map(([pattern, d]) => [pattern, `${d.recheck} → ${d.apilife}`]));
    expect(found).toEqual(listed);
  });

  it('never calls linear what recheck found exponential or polynomial', () => {
    const missed = compared.filter((c) => c.apilife === 'linear' && c.recheck !== 'linear' && c.recheck !== undefined);
    expect(missed.map((c) => c.entry.pattern)).toEqual([]);
  });
});

describe('oracle.json is what recheck says', { timeout: 120_000 }, () => {
  // recheck's pure JavaScript build: no Java, no native binary, the same on every machine.
  process.env.RECHECK_SYNC_BACKEND = 'pure';
  const { checkSync } = createRequire(import.meta.url)('recheck') as typeof import('recheck');
  // Verdicts of recheck's automaton checker are deterministic (its fuzzer's depend on time).
  const sample = oracle.filter((e) => e.recheck.checker === 'automaton' && e.recheck.status !== 'unknown').filter((_, i) => i % 25 === 0);
  it.each(sample.map((e) => [e.pattern, e] as const))('%s', (pattern, entry) => {
    const result = checkSync(pattern, 'u', { checker: 'auto', randomSeed: 13, timeout: 60_000 });
    expect(result.status).toBe(entry.recheck.status);
  });
});
