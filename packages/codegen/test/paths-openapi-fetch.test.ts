import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiIR } from '@apilife/contract';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContractIR } from '../src/contract-ir.ts';
import { buildFiles, contextFor } from '../src/generate.ts';
import { CONTRACT_SERVICES, CONTRACTS, REPO } from './generated-project.ts';
import { EXPECT_ERROR, openapiFetchCalls, type CallsFile } from './openapi-fetch-calls.ts';
import { STRICT_OPTIONS } from './strict-program.ts';

/**
 * The `paths` target's types under openapi-fetch and openapi-react-query, as their users write
 * them: every operation of the drone contracts and of the GitHub REST description called once
 * through `createClient<paths>()` with values that satisfy the contract, and a sample of calls that
 * must not compile, each marked by `EXPECT_ERROR`: stricter than `@ts-expect-error`, every marked
 * line must have an error of the kinds a wrong call gives (not assignable, missing property) and no
 * other line may have one. One TypeScript program for everything.
 */

/** Assignability (2322, 2345), missing (2739, 2741) or unknown (2353) properties, no overload (2769). */
const CALL_ERRORS = new Set([2322, 2345, 2739, 2741, 2353, 2769]);
const GAVE_UP = 2589;
const GITHUB = join(REPO, 'node_modules/@octokit/openapi/generated/api.github.com.json');
const OPTIONS: ts.CompilerOptions = { ...STRICT_OPTIONS, lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'], types: [] };

interface Generated {
  name: string;
  api: ApiIR;
  calls: CallsFile;
}

const dir = join(REPO, 'packages/codegen', `.tmp-paths-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
const generated: Generated[] = [];

async function generatePaths(name: string, contract: string, root: string, sampleEvery: number): Promise<Generated> {
  const ir = await loadContractIR(contract, { root });
  const { api } = ir;
  const [file] = (await buildFiles(['paths'], contextFor(ir, { contract }, { projectDir: REPO }))).files;
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, file!.path), file!.content);
  const calls = openapiFetchCalls(api, `./${name}/paths.gen.ts`, sampleEvery);
  writeFileSync(join(dir, `${name}.calls.ts`), calls.source);
  return { name, api, calls };
}

interface Found {
  /** Errors on lines not marked, and marked lines with an error of another kind (`file:line: message`). */
  unexpected: string[];
  /** Marked lines without an error. */
  compiled: string[];
  marked: number;
  /** Unknown-path calls rejected with TS2589 (instantiation excessively deep) instead of TS2345. */
  gaveUp: number;
}

/** Compiles `files` as one program and holds every error against the `EXPECT_ERROR` marks. */
function compile(files: string[]): Found {
  const program = ts.createProgram(files, OPTIONS);
  const byLine = new Map<string, ts.Diagnostic[]>();
  const unexpected: string[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    const at = `${d.file?.fileName.slice(dir.length + 1) ?? '?'}:${line}`;
    byLine.set(at, [...(byLine.get(at) ?? []), d]);
  }
  const compiled: string[] = [];
  let marked = 0;
  let gaveUp = 0;
  const seen = new Set<string>();
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, i) => {
      if (!text.trim().startsWith(EXPECT_ERROR)) return;
      marked++;
      const at = `${file.slice(dir.length + 1)}:${i + 2}`;
      seen.add(at);
      const found = byLine.get(at) ?? [];
      if (found.length === 0) compiled.push(`${at}: ${lines[i + 1]?.trim().slice(0, 160)}`);
      for (const d of found) {
        // openapi-fetch over GitHub's 800 paths: the program's first unknown path makes TypeScript give up on the call.
        if (d.code === GAVE_UP && text.includes('no such path')) gaveUp++;
        else if (!CALL_ERRORS.has(d.code)) unexpected.push(`${at}: TS${d.code} ${message(d)}`);
      }
    });
  }
  for (const [at, found] of byLine) if (!seen.has(at)) for (const d of found) unexpected.push(`${at}: TS${d.code} ${message(d)}`);
  return { unexpected, compiled, marked, gaveUp };
}

const message = (d: ts.Diagnostic) => ts.flattenDiagnosticMessageText(d.messageText, '\n').slice(0, 300);

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  for (const service of CONTRACT_SERVICES)
    generated.push(await generatePaths(service, join(CONTRACTS, service, 'openapi.yaml'), CONTRACTS, 1));
  generated.push(await generatePaths('github', GITHUB, join(GITHUB, '..'), 25));
  writeFileSync(join(dir, 'react-query.ts'), reactQuerySource());
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('paths target with openapi-fetch 0.17 and openapi-react-query 0.5', () => {
  it('accepts a correct call of every operation and rejects every bad call', () => {
    const files = [...generated.map((g) => join(dir, `${g.name}.calls.ts`)), join(dir, 'react-query.ts')];
    const started = performance.now();
    const cpu = process.cpuUsage();
    const found = compile(files);
    const ms = Math.round(performance.now() - started);
    const cpuMs = Math.round(process.cpuUsage(cpu).user / 1000);
    const total = (key: keyof CallsFile['bad']) => generated.reduce((n, g) => n + g.calls.bad[key], 0);
    console.log(
      `openapi-fetch over paths: ${generated.map((g) => `${g.name} ${g.calls.good}`).join(', ')} good calls; bad: ${total('missingPathParam')} missing path param, ${total('wrongBodyType')} wrong body type, ${total('unknownPath')} unknown path, ${total('wrongMethod')} wrong method (${found.gaveUp} rejected with TS2589); tsc ${ms} ms (${cpuMs} ms of CPU)`,
    );
    expect(found.unexpected.slice(0, 20)).toEqual([]);
    expect(found.compiled.slice(0, 20)).toEqual([]);
    expect(found.gaveUp).toBeLessThanOrEqual(1);
    expect(found.marked).toBe(generated.reduce((n, g) => n + Object.values(g.calls.bad).reduce((a, b) => a + b, 0), 0) + 3);
    for (const g of generated) expect(g.calls.good).toBe(g.api.operations.length);
    expect(generated.find((g) => g.name === 'github')!.calls.good).toBeGreaterThan(1000);
    expect(total('missingPathParam') * total('wrongBodyType') * total('unknownPath') * total('wrongMethod')).toBeGreaterThan(0);
  }, 300_000);

  it('would catch a wrong type in the generated paths (mutation)', () => {
    const accounts = join(dir, 'accounts', 'paths.gen.ts');
    const original = readFileSync(accounts, 'utf8');
    // The path parameter of /v1/accounts/{accountId} (on the path and each operation) typed as a number instead of a UUID string.
    const mutated = original.replace(
      /(path: \{\s*\/\*\* @description Id of the account\. \*\/\s*accountId: )components\["schemas"\]\["UuidRef"\]/g,
      '$1number',
    );
    expect(mutated).not.toBe(original);
    writeFileSync(accounts, mutated);
    try {
      const found = compile([join(dir, 'accounts.calls.ts')]);
      expect(found.unexpected.some((d) => d.startsWith('accounts.calls.ts') && /not assignable to type 'number'/.test(d))).toBe(true);
    } finally {
      writeFileSync(accounts, original);
    }
  }, 120_000);

  it('would catch a type too loose in the generated paths (mutation)', () => {
    const accounts = join(dir, 'accounts', 'paths.gen.ts');
    const original = readFileSync(accounts, 'utf8');
    // Account.displayName typed as any: the hook's bad assignment to a number then compiles.
    const mutated = original.replace(/^(\s+)displayName: string;$/gm, '$1displayName: any;');
    expect(mutated).not.toBe(original);
    writeFileSync(accounts, mutated);
    try {
      const found = compile([join(dir, 'react-query.ts')]);
      expect(found.compiled.some((line) => line.startsWith('react-query.ts') && line.includes('displayName'))).toBe(true);
    } finally {
      writeFileSync(accounts, original);
    }
  }, 120_000);
});

/** openapi-react-query hooks over the accounts contract: a query, a mutation, and calls that must not compile. */
function reactQuerySource(): string {
  return `import createFetchClient from 'openapi-fetch';
import createClient from 'openapi-react-query';
import type { paths } from './accounts/paths.gen.ts';

const $api = createClient(createFetchClient<paths>({ baseUrl: 'http://127.0.0.1:1' }));

export function useAccount(accountId: string): string | undefined {
  const query = $api.useQuery('get', '/v1/accounts/{accountId}', { params: { path: { accountId } } });
  const name: string | undefined = query.data?.displayName;
  return name;
}

export function useAccounts(): number {
  const query = $api.useQuery('get', '/v1/accounts', { params: { query: { limit: 10 } } });
  return query.data?.items.length ?? 0;
}

export function useUpdateAccount(): void {
  const mutation = $api.useMutation('patch', '/v1/accounts/{accountId}');
  void mutation;
}

export function badHooks(): void {
  ${EXPECT_ERROR} the path parameter is missing
  $api.useQuery('get', '/v1/accounts/{accountId}', { params: { path: {} } });
  ${EXPECT_ERROR} the contract has no such path
  $api.useQuery('get', '/v1/no-such-path', {});
  const query = $api.useQuery('get', '/v1/accounts/{accountId}', { params: { path: { accountId: 'a' } } });
  ${EXPECT_ERROR} displayName is a string
  const n: number | undefined = query.data?.displayName;
  void n;
}
`;
}
