import { runApilife, tempProject, type TempProject } from '@apilife/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

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
const pet = { Pet: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string', enum: ['dog', 'cat'] } } } };

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
    project.write('next/shared/pet.yaml', { Pet: { ...pet.Pet, properties: { ...pet.Pet.properties, kind: { type: 'string', enum: ['dog', 'cat', 'bird'] } } } });
    project.write('next/pets/openapi.yaml', v1);
    const json = await runApilife(['diff', 'contracts/pets/openapi.yaml', 'next/pets/openapi.yaml', '--new-root', 'next', '--format', 'json'], project.root);
    expect(json.code).toBe(1);
    const result = JSON.parse(json.stdout);
    expect(result.counts).toEqual({ breaking: 1, warning: 0, info: 0 });
    expect(result.changes[0]).toMatchObject({ id: 'response-enum-value-added', level: 'breaking', subject: 'GET /pets/{petId}', old: { file: 'contracts/pets/openapi.yaml' }, new: { file: 'next/pets/openapi.yaml', pointer: expect.stringContaining('/properties/kind') } });
    const markdown = await runApilife(['diff', 'contracts/pets/openapi.yaml', 'next/pets/openapi.yaml', '--new-root', 'next', '--format', 'markdown'], project.root);
    expect(markdown.stdout).toMatch(/^## 1\.0\.0\n\n### Breaking changes\n\n- \*\*GET \/pets\/\{petId\}\*\*: value "bird" was added/);
  });

  it('the CI formats of apilife lint: SARIF with the checks as rules, GitHub annotations at the line', async () => {
    project.write('next/shared/pet.yaml', { Pet: { ...pet.Pet, required: ['id'] } });
    project.write('next/pets/openapi.yaml', v1);
    const sarif = await runApilife(['diff', 'contracts/pets/openapi.yaml', 'next/pets/openapi.yaml', '--new-root', 'next', '--format', 'sarif'], project.root);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout);
    expect(log.runs[0].results).toEqual([expect.objectContaining({ ruleId: 'response-property-became-optional', level: 'error' })]);
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain('operation-removed-without-deprecation');
    const github = await runApilife(['diff', 'contracts/pets/openapi.yaml', 'next/pets/openapi.yaml', '--new-root', 'next', '--format', 'github'], project.root);
    expect(github.stdout).toMatch(/^::error file=next\/pets\/openapi\.yaml,line=\d+,.*title=response-property-became-optional::GET \/pets\/\{petId\}: property name became optional/m);
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
