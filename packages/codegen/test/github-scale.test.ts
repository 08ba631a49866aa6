import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { generateInto, REPO } from './generated-project.ts';
import { STRICT_OPTIONS } from './strict-program.ts';

/**
 * Real-world scale: the GitHub REST description (npm @octokit/openapi, OpenAPI 3.0.3, 13 MB,
 * ~1,200 operations, ~970 schemas) generates types, validators, client and server, and the
 * result type-checks under the repository's strict settings with the runtime packages installed.
 */
describe('GitHub REST description', () => {
  let remove = () => {};
  afterAll(() => remove());

  it('generates client and server that type-check', async () => {
    const file = join(REPO, 'node_modules/@octokit/openapi/generated/api.github.com.json');
    const generated = await generateInto(file, ['types', 'validators', 'client', 'server'], {
      root: join(REPO, 'node_modules/@octokit/openapi/generated'),
      name: 'github',
    });
    remove = generated.remove;
    expect(generated.api.operations.length).toBeGreaterThan(1000);
    const files = ['types.gen.ts', 'validators.gen.ts', 'client.gen.ts', 'server.gen.ts', 'contract.gen.ts'].map((f) =>
      join(generated.dir, f),
    );
    const program = ts.createProgram(files, {
      ...STRICT_OPTIONS,
      customConditions: ['source'],
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
      .slice(0, 10);
    expect(diagnostics).toEqual([]);
  }, 180_000);
});
