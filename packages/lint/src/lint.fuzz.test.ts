import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProjectConfig } from '@apilife/contract';
import { tempProject } from '@apilife/test-utils';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from './lint.ts';

/**
 * Seeded fuzzing of the whole lint pipeline (loader, three engines, merge, suppressions): a mangled
 * contract gives a report, never an exception, and every finding points inside the file.
 */
const contracts = join(import.meta.dirname, '../../../contracts');
const seed = readFileSync(join(contracts, 'package/openapi.yaml'), 'utf8');

describe('lint under fuzzing', () => {
  const project = tempProject('contracts: contracts\nlint:\n  cache: false\n');
  afterAll(() => project.remove());

  it('reports on mutated contracts without throwing', async () => {
    writeFileSync(project.path('.spectral.yaml'), 'extends: [spectral:oas, spectral:asyncapi, apilife:recommended]\n');
    project.write('contracts/_shared/.keep', '');
    for (const shared of ['problem.yaml', 'headers.yaml', 'ids.yaml', 'pagination.yaml', 'geo.yaml']) {
      project.write(`contracts/_shared/${shared}`, readFileSync(join(contracts, '_shared', shared), 'utf8'));
    }
    const config = await loadProjectConfig(project.root);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.nat(seed.length),
            fc.nat(40),
            fc.constantFrom('', ':', '- ', '$ref: x', '$ref: "#/nope"', '{', '"', '\n  ', 'deprecated: true', '__proto__:'),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        async (edits) => {
          let text = seed;
          for (const [at, cut, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + cut);
          const file = project.write('contracts/package/openapi.yaml', text);
          const report = await lint({ config, cwd: project.root, cache: false });
          const lines = text.split('\n').length;
          for (const d of report.diagnostics.filter((x) => x.file === file)) {
            expect(d.range.start.line).toBeLessThanOrEqual(lines);
            expect(d.code).not.toBe('engine-failed');
          }
        },
      ),
      { seed: 42, numRuns: 25 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
