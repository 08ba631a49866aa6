/**
 * Builds `oracle.json`: the comparison corpus and recheck's verdict on each pattern.
 *
 *   RECHECK_SYNC_BACKEND=pure pnpm tsx packages/contract/src/regex/corpus/build-oracle.ts
 *
 * Sources: every `pattern` and `patternProperties` key of the repository's contracts and of the
 * JSON documents installed in node_modules (the GitHub REST descriptions, AsyncAPI, OpenAPI and
 * Spectral schemas), the known ReDoS patterns, and seeded generated ones. recheck runs in its pure
 * JavaScript build (no Java, no native binary: the same result on every machine), hybrid checker,
 * fixed seed. Takes ~10 minutes; the test only reads the file.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { generatedPatterns } from './generated.ts';
import { KNOWN_REDOS } from './known-redos.ts';

export interface OracleEntry {
  pattern: string;
  source: string;
  recheck: { status: 'safe' | 'vulnerable' | 'unknown'; complexity?: string; degree?: number; checker?: string; error?: string };
}

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const corpus = new Map<string, string>();
const add = (pattern: unknown, source: string) => {
  if (typeof pattern !== 'string' || corpus.has(pattern)) return;
  try {
    new RegExp(pattern, 'u');
    corpus.set(pattern, source);
  } catch {
    // not a Unicode-mode pattern: out of scope
  }
};
const walk = (node: unknown, source: string): void => {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, source));
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'pattern') add(value, source);
    if (key === 'patternProperties' && value && typeof value === 'object') Object.keys(value).forEach((p) => add(p, source));
    walk(value, source);
  }
};

for (const file of execFileSync('git', ['ls-files', 'contracts', 'bench'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.ya?ml$/.test(f))) {
  walk(parse(readFileSync(join(ROOT, file), 'utf8')), 'apilife contracts');
}
function* jsonFiles(dir: string, depth = 0): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && depth < 12) yield* jsonFiles(path, depth + 1);
    else if (entry.isFile() && entry.name.endsWith('.json') && !entry.name.startsWith('package')) yield path;
  }
}
for (const file of jsonFiles(join(ROOT, 'node_modules/.pnpm'))) {
  if (statSync(file).size > 40e6) continue;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    continue;
  }
  const name = /node_modules\/\.pnpm\/(.+?)@\d/.exec(file)?.[1]?.replace('+', '/') ?? relative(ROOT, file);
  walk(value, name);
}
KNOWN_REDOS.forEach((p) => add(p, 'known ReDoS'));
generatedPatterns(200, 13).forEach((p) => add(p, 'generated'));

process.stderr.write(`${corpus.size} patterns collected\n`);
process.env.RECHECK_SYNC_BACKEND = 'pure';
const { checkSync } = createRequire(import.meta.url)('recheck') as typeof import('recheck');
const out: OracleEntry[] = [];
for (const [pattern, source] of corpus) {
  const result = checkSync(pattern, 'u', { checker: 'auto', randomSeed: 13, timeout: 10_000 });
  const complexity = 'complexity' in result && result.complexity ? result.complexity : undefined;
  out.push({
    pattern,
    source,
    recheck: {
      status: result.status,
      ...(complexity ? { complexity: complexity.type } : {}),
      ...(complexity && 'degree' in complexity ? { degree: complexity.degree } : {}),
      ...('checker' in result && result.checker ? { checker: result.checker } : {}),
      ...(result.status === 'unknown' ? { error: result.error.kind } : {}),
    },
  });
  process.stderr.write('.');
}
writeFileSync(fileURLToPath(new URL('oracle.json', import.meta.url)), `${JSON.stringify(out, null, 1)}\n`);
process.stderr.write(`\n${out.length} patterns\n`);
