import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tempProject, type TempProject } from '@apilife/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApilife } from '../run-cli.ts';

const v1 = {
  openapi: '3.1.0',
  info: { title: 'Pets', version: '1.0.0' },
  paths: {
    '/pets/{petId}': {
      get: {
        operationId: 'getPet',
        parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'A pet', content: { 'application/json': { schema: { $ref: '../shared/pet.yaml#/Pet' } } } } },
      },
    },
  },
};
const pet = {
  Pet: {
    type: 'object',
    required: ['id', 'name'],
    properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string', enum: ['dog', 'cat'] } },
  },
};

describe('apilife diff', () => {
  let project: TempProject;
  beforeEach(() => {
    project = tempProject();
    project.write('contracts/pets/openapi.yaml', v1);
    project.write('contracts/shared/pet.yaml', pet);
  });
  afterEach(() => project.remove());

  it('no breaking change: exit 0, a text report with counts', async () => {
    const v2 = structuredClone(v1);
    v2.info.version = '1.1.0';
    (v2.paths as Record<string, unknown>)['/pets'] = { get: { operationId: 'listPets', responses: { '200': { description: 'ok' } } } };
    project.write('next/pets/openapi.yaml', v2);
    project.write('next/shared/pet.yaml', pet);
    const run = await runApilife(['diff', 'contracts/pets/openapi.yaml', 'next/pets/openapi.yaml', '--new-root', 'next'], project.root);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/info {5}operation-added +GET \/pets/);
    expect(run.stdout).toMatch(/0 breaking, 0 warnings, 1 info · 1\.0\.0 → 1\.1\.0/);
  });

  it('a breaking change: exit 1; json names the check, level and both places; markdown is a changelog section', async () => {
    project.write('next/shared/pet.yaml', {
      Pet: { ...pet.Pet, properties: { ...pet.Pet.properties, kind: { type: 'string', enum: ['dog', 'cat', 'bird'] } } },
    });
    project.write('next/pets/openapi.yaml', v1);
    const json = await runApilife(
      ['diff', 'contracts/pets/openapi.yaml', 'next/pets/openapi.yaml', '--new-root', 'next', '--format', 'json'],
      project.root,
    );
    expect(json.code).toBe(1);
    const result = JSON.parse(json.stdout);
    expect(result.counts).toEqual({ breaking: 1, warning: 0, info: 0 });
    expect(result.changes[0]).toMatchObject({
      id: 'response-enum-value-added',
      level: 'breaking',
      subject: 'GET /pets/{petId}',
      old: { file: 'contracts/pets/openapi.yaml' },
      new: { file: 'next/pets/openapi.yaml', pointer: expect.stringContaining('/properties/kind') },
    });
    const markdown = await runApilife(
      ['diff', 'contracts/pets/openapi.yaml', 'next/pets/openapi.yaml', '--new-root', 'next', '--format', 'markdown'],
      project.root,
    );
    expect(markdown.stdout).toMatch(/^## 1\.0\.0\n\n### Breaking changes\n\n- \*\*GET \/pets\/\{petId\}\*\*: value "bird" was added/);
  });

  it('the CI formats of apilife lint: SARIF with the checks as rules, GitHub annotations at the line', async () => {
    project.write('next/shared/pet.yaml', { Pet: { ...pet.Pet, required: ['id'] } });
    project.write('next/pets/openapi.yaml', v1);
    const sarif = await runApilife(
      ['diff', 'contracts/pets/openapi.yaml', 'next/pets/openapi.yaml', '--new-root', 'next', '--format', 'sarif'],
      project.root,
    );
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout);
    expect(log.runs[0].results).toEqual([expect.objectContaining({ ruleId: 'response-property-became-optional', level: 'error' })]);
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain('operation-removed-without-deprecation');
    const github = await runApilife(
      ['diff', 'contracts/pets/openapi.yaml', 'next/pets/openapi.yaml', '--new-root', 'next', '--format', 'github'],
      project.root,
    );
    expect(github.stdout).toMatch(
      /^::error file=next\/pets\/openapi\.yaml,line=\d+,.*title=response-property-became-optional::GET \/pets\/\{petId\}: property name became optional/m,
    );
  });

  it('--base compares every contract with the same contracts root at a git ref, without a checkout', async () => {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: project.root, stdio: 'pipe' });
    project.write('contracts/orders/openapi.yaml', { ...v1, info: { title: 'Orders', version: '1.0.0' } });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'v1');
    // Changed since: a shared schema (affects pets), a contract removed, one added.
    project.write('contracts/shared/pet.yaml', {
      Pet: { ...pet.Pet, properties: { id: pet.Pet.properties.id, name: pet.Pet.properties.name } },
    });
    rmSync(project.path('contracts/orders'), { recursive: true });
    project.write('contracts/stores/openapi.yaml', { ...v1, info: { title: 'Stores', version: '1.0.0' } });
    const run = await runApilife(['diff', '--base', 'HEAD', '--format', 'json'], project.root);
    expect(run.code).toBe(1);
    const { base, results } = JSON.parse(run.stdout);
    expect(base).toBe('HEAD');
    const ids = results.flatMap((r: { changes: { id: string; subject: string }[] }) => r.changes.map((c) => `${c.id} ${c.subject}`));
    expect(ids).toEqual(
      expect.arrayContaining([
        'api-removed orders/openapi.yaml',
        'api-added stores/openapi.yaml',
        'response-optional-property-removed GET /pets/{petId}',
      ]),
    );
    // The working tree is as it was: the removed contract is still gone, nothing was checked out.
    expect(git('status', '--porcelain').toString()).toMatch(/D contracts\/orders\/openapi\.yaml/);
    expect((await runApilife(['diff', '--base', 'no-such-ref'], project.root)).stderr).toMatch(/no-such-ref is not a commit/);
  });

  it('input errors exit 2 with the file and line; --help answers', async () => {
    project.write('broken.yaml', 'openapi: 3.1.0\ninfo: [unclosed\n');
    const broken = await runApilife(['diff', 'contracts/pets/openapi.yaml', 'broken.yaml'], project.root);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.yaml:\d+/);
    expect((await runApilife(['diff', 'contracts/pets/openapi.yaml'], project.root)).code).toBe(2);
    expect((await runApilife(['diff', 'a', 'b', '--format', 'xml'], project.root)).stderr).toMatch(/unknown format "xml"/);
    const help = await runApilife(['diff', '--help'], project.root);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Direction-aware/);
  });
});
