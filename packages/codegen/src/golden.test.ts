import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadApiIR } from '@apilife/spec';
import { describe, expect, it } from 'vitest';
import { buildFiles, contextFor } from './generate.ts';

/**
 * Golden files: each small single-feature contract in `__fixtures__/<feature>/` generates types,
 * validators, client and server into `__snapshots__/<feature>/`. The snapshots are TypeScript
 * inside the package, so `pnpm typecheck` compiles them (and the `*.test-d.ts` files that use
 * them); a change in generated code shows as a reviewable diff.
 */
const FIXTURES = join(import.meta.dirname, '__fixtures__');
const features = readdirSync(FIXTURES).filter((name) => name !== 'server-features').sort();

describe('golden files', () => {
  it.each(features)('%s', async (feature) => {
    const contract = join(FIXTURES, feature, 'openapi.yaml');
    const api = await loadApiIR(contract, { root: join(FIXTURES, feature) });
    const ctx = contextFor(api, { contract }, { projectDir: join(import.meta.dirname, '../../..') });
    const { files } = buildFiles(api, ['types', 'validators', 'client', 'server'], ctx);
    expect(files.map((f) => f.path)).toEqual(['client.gen.ts', 'contract.gen.ts', 'server.gen.ts', 'types.gen.ts', 'validators.gen.ts']);
    for (const file of files) await expect(file.content).toMatchFileSnapshot(join('__snapshots__', feature, file.path));
    // Same contract, same bytes.
    const again = buildFiles(await loadApiIR(contract, { root: join(FIXTURES, feature) }), ['types', 'validators', 'client', 'server'], ctx).files;
    expect(again).toEqual(files);
  });
});
