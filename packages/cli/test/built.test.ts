import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempProject } from '@apilife/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The `apilife` command as a user runs it: `bin/apilife.js` on plain Node, from `dist/` (no
 * TypeScript loader, no `source` condition). Every other CLI test runs the sources in-process; this
 * one runs what `pnpm build` made, and says so when that is missing or older than the sources.
 */
const CLI = join(import.meta.dirname, '..');
const REPO = join(CLI, '../..');
const BIN = join(CLI, 'bin/apilife.js');

function apilife(args: string[], cwd: string, bin = BIN, nodeArgs: string[] = []) {
  const { NODE_OPTIONS: _, ...env } = process.env;
  const run = spawnSync(process.execPath, [...nodeArgs, bin, ...args], { cwd, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const project = tempProject('');
afterAll(() => project.remove());
project.write('contracts/pets/openapi.yaml', {
  openapi: '3.1.0',
  info: { title: 'Pets', version: '1.0.0' },
  paths: {
    '/pets': {
      get: {
        operationId: 'listPets',
        responses: {
          '200': { description: 'The pets.', content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } } },
        },
      },
    },
  },
});
// Type annotations: only a TypeScript loader (Node's type stripping, or tsx) can run this file.
const CONFIG_TS = `const targets: ('types' | 'client')[] = ['types'];\nexport default { contracts: 'contracts', generate: [{ contract: 'contracts/pets/openapi.yaml', targets, out: 'gen' }] };\n`;

beforeAll(() => {
  if (!existsSync(join(CLI, 'dist/bin.js')))
    throw new Error('packages/cli/dist is missing: this test runs the built CLI. Run `pnpm build` (pnpm test does).');
  const dry = spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json', '--dry'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  const stale = [...dry.stdout.matchAll(/would build project '([^']+)'/g)].map((m) => relative(REPO, dirname(m[1]!)));
  if (stale.length > 0) throw new Error(`dist/ is older than the sources of ${stale.join(', ')}: run \`pnpm build\` (pnpm test does).`);
});

describe('the built apilife command', () => {
  it('runs on plain node from dist/', () => {
    const run = apilife(['--help'], project.root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: apilife <command>/m);
  });

  it('loads an apilife.config.ts (Node strips the types, or tsx loads it on Node 20)', () => {
    project.write('apilife.config.ts', CONFIG_TS);
    const run = apilife(['generate'], project.root);
    expect(run.stderr).toMatch(/✓ gen · types · 1 files/);
    expect(run.code).toBe(0);
  });

  // Where Node strips types itself, it is told not to (`--no-experimental-strip-types`), so the test
  // runs on every Node as it would on Node 20.
  it('without tsx on a Node that cannot run TypeScript, names the config file and the ways out (exit 2)', () => {
    project.write('apilife.config.ts', CONFIG_TS);
    project.write(
      'hide-tsx/hooks.mjs',
      `export async function resolve(specifier, context, next) {\n  if (specifier === 'tsx' || specifier.startsWith('tsx/')) throw Object.assign(new Error("Cannot find package 'tsx'"), { code: 'ERR_MODULE_NOT_FOUND' });\n  return next(specifier, context);\n}\n`,
    );
    const register = project.write(
      'hide-tsx/register.mjs',
      `import { register } from 'node:module';\nregister(new URL('./hooks.mjs', import.meta.url));\n`,
    );
    const stripsTypes = Boolean((process.features as { typescript?: unknown }).typescript);
    const run = apilife(['generate'], project.root, BIN, [
      ...(stripsTypes ? ['--no-experimental-strip-types'] : []),
      '--import',
      pathToFileURL(register).href,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot load config ${project.path('apilife.config.ts')}`);
    expect(run.stderr).toMatch(/Node 22\.18 or later.*tsx.*apilife\.config\.yaml/);
  });

  it('says to run pnpm build when dist/ is missing (exit 2)', () => {
    mkdirSync(project.path('unbuilt/bin'), { recursive: true });
    copyFileSync(BIN, project.path('unbuilt/bin/apilife.js'));
    const run = apilife(['--help'], project.root, project.path('unbuilt/bin/apilife.js'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/apilife is not built: .*unbuilt\/dist\/bin\.js is missing\. Run `pnpm build`/);
  });
});
