import { execFileSync } from 'node:child_process';
import { loadProjectConfig, type ProjectConfig } from '@apilife/contract';
import { tempProject, type TempProject } from '@apilife/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check, listApis, promote, selectContracts, type CommandRunner } from '../src/index.ts';
import { generatedDrift, regenerate } from '../src/gates.ts';

const TODAY = '2026-11-25';
const passing: CommandRunner = async () => ({ ok: true, code: 0, timedOut: false, tail: [], durationMs: 1 });

/** A contract in `develop` with a server generated from it, committed on `main`. */
function pets(stage: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pets',
      version: '1.0.0',
      description: 'Pets of the shop.',
      'x-lifecycle': {
        stage,
        owner: 'team-pets',
        planning: {
          audience: 'internal',
          consumers: ['shop-frontend'],
          dataClassification: 'internal',
          slo: { availability: '99.9%', latencyP99Ms: 300 },
        },
      },
    },
    servers: [{ url: 'https://api.example.com/v1' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/pets': {
        get: {
          operationId: 'listPets',
          summary: 'List the pets',
          responses: {
            '200': { description: 'The pets', content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } } },
          },
        },
      },
    },
  };
}

describe('lifecycle promote leaves the repository green (issue 14, item 6)', () => {
  let project: TempProject;
  let config: ProjectConfig;
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: project.root, stdio: 'pipe' });

  beforeEach(async () => {
    project = tempProject(
      'contracts: contracts\nlint:\n  cache: false\ngenerate:\n  - { contract: contracts/pets/openapi.yaml, targets: [server], out: src/generated/pets }\npolicy:\n  commands:\n    tests: "true"\n',
    );
    project.write('contracts/pets/openapi.yaml', pets('develop'));
    config = await loadProjectConfig(project.root);
    await regenerate(config, [project.path('contracts/pets/openapi.yaml')]);
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'pets in develop');
  });
  afterEach(() => project.remove());

  it('regenerates the code that embeds the contract; apilife check then asks for no version bump', async () => {
    const apis = selectContracts(await listApis(config), 'pets', project.root, config.contracts);
    const report = await promote(config, apis, 'test', { today: TODAY, cwd: project.root, run: passing });
    expect(report.status, JSON.stringify(report.gates)).toBe('promoted');
    expect(report.regenerated.length).toBeGreaterThan(0);
    expect(report.regenerated.every((f) => f.startsWith(project.path('src/generated/pets')))).toBe(true);
    expect((await generatedDrift(config)).drift).toEqual([]);
    const verdict = await check(config, { base: 'main', today: TODAY, cwd: project.root, skip: ['lint'] });
    expect(verdict.findings).toEqual([]);
    expect(verdict.apis.map((a) => [a.api, a.status])).toEqual([['pets/openapi.yaml', 'unchanged']]);
    // The next promotion's `generated` gate passes too.
    const next = await promote(config, selectContracts(await listApis(config), 'pets', project.root, config.contracts), 'test', {
      today: TODAY,
      cwd: project.root,
      run: passing,
      dryRun: true,
    });
    expect(next.status).toBe('unchanged');
  });

  it('a dry run, or a blocked promotion, regenerates nothing', async () => {
    const apis = selectContracts(await listApis(config), 'pets', project.root, config.contracts);
    const dry = await promote(config, apis, 'test', { today: TODAY, cwd: project.root, run: passing, dryRun: true });
    expect([dry.status, dry.regenerated]).toEqual(['would-promote', []]);
    const blocked = await promote(config, apis, 'test', {
      today: TODAY,
      cwd: project.root,
      run: async () => ({ ok: false, code: 1, timedOut: false, tail: [], durationMs: 1 }),
    });
    expect([blocked.status, blocked.regenerated]).toEqual(['blocked', []]);
    expect(git('status', '--porcelain').toString()).toBe('');
  });
});
