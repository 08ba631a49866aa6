import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { loadContractIR } from './contract-ir.ts';
import type { TargetName } from './target.ts';
import { describe, expect, it } from 'vitest';
import { buildFiles, contextFor } from './generate.ts';

/**
 * Golden files: each small single-feature contract in `__fixtures__/<feature>/` generates types,
 * validators, client, server and pact (messaging and pact for AsyncAPI) into `__snapshots__/<feature>/`. The snapshots are TypeScript
 * inside the package, so `pnpm typecheck` compiles them (and the `*.test-d.ts` files that use
 * them); a change in generated code shows as a reviewable diff.
 */
const FIXTURES = join(import.meta.dirname, '__fixtures__');
const features = readdirSync(FIXTURES)
  .filter((name) => name !== 'server-features')
  .sort();

describe('golden files', () => {
  it.each(features)('%s', async (feature) => {
    const asyncapi = existsSync(join(FIXTURES, feature, 'asyncapi.yaml'));
    const contract = join(FIXTURES, feature, asyncapi ? 'asyncapi.yaml' : 'openapi.yaml');
    const targets: TargetName[] = asyncapi
      ? ['types', 'validators', 'messaging', 'pact']
      : ['types', 'validators', 'client', 'server', 'pact'];
    const build = async () => {
      const ir = await loadContractIR(contract, { root: join(FIXTURES, feature) });
      const ctx = contextFor(ir, { contract }, { projectDir: join(import.meta.dirname, '../../..') });
      return (await buildFiles(targets, ctx)).files;
    };
    const files = await build();
    expect(files.map((f) => f.path)).toEqual(
      asyncapi
        ? ['messaging.gen.ts', 'pact.gen.ts', 'types.gen.ts', 'validators.gen.ts']
        : ['client.gen.ts', 'contract.gen.ts', 'pact.gen.ts', 'server.gen.ts', 'types.gen.ts', 'validators.gen.ts'],
    );
    for (const file of files) await expect(file.content).toMatchFileSnapshot(join('__snapshots__', feature, file.path));
    // Same contract, same bytes.
    expect(await build()).toEqual(files);
  });
});
