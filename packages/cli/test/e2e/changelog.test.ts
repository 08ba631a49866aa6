import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { tempProject, type TempProject } from '@apilife/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApilife } from '../run-cli.ts';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function pets(version: string, waivers?: object[]): Doc {
  return {
    openapi: '3.1.0',
    info: { title: 'Pets API', version, 'x-lifecycle': { stage: 'maintain', ...(waivers ? { waivers } : {}) } },
    paths: {
      '/pets/{petId}': {
        get: {
          operationId: 'getPet',
          parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'A pet',
              content: {
                'application/json': {
                  schema: { type: 'object', required: ['id', 'kind'], properties: { id: { type: 'string' }, kind: { type: 'string' } } },
                },
              },
            },
          },
        },
      },
    },
  };
}

const listPets = { get: { operationId: 'listPets', responses: { '200': { description: 'Pets' } } } };
const REASON = 'no client reads kind (access logs, 2026-02)';

describe('apilife changelog', () => {
  let project: TempProject;
  const shas: string[] = [];
  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], {
      cwd: project.root,
      stdio: 'pipe',
      env: { ...process.env, ...env },
    })
      .toString()
      .trim();
  const commit = (contract: Doc, day: string) => {
    project.write('contracts/pets/openapi.yaml', contract);
    git(['add', '-A']);
    git(['commit', '-q', '-m', `pets ${contract.info.version}`], {
      GIT_AUTHOR_DATE: `${day}T12:00:00Z`,
      GIT_COMMITTER_DATE: `${day}T12:00:00Z`,
    });
    shas.push(git(['rev-parse', 'HEAD']));
  };

  beforeAll(() => {
    project = tempProject();
    git(['init', '-q', '-b', 'main']);
    project.write('contracts/owners/asyncapi.yaml', {
      asyncapi: '3.0.0',
      info: { title: 'Owners events', version: '0.1.0' },
      channels: {},
      operations: {},
    });
    commit(pets('1.0.0'), '2026-01-10');
    commit({ ...pets('1.1.0'), paths: { ...pets('1.1.0').paths, '/pets': listPets } }, '2026-02-10');
    const major = pets('2.0.0', [{ version: '2.0.0', rule: 'breaking-change', change: 'response-property-removed', reason: REASON }]);
    major.paths['/pets'] = listPets;
    major.paths['/pets/{petId}'].get.responses['200'].content['application/json'].schema = {
      type: 'object',
      required: ['id'],
      properties: { id: { type: 'string' } },
    };
    commit(major, '2026-03-10');
    const unbumped = structuredClone(major);
    unbumped.paths['/pets'].get.deprecated = true;
    commit(unbumped, '2026-04-10');
  });
  afterAll(() => project.remove());

  it('prints each API as markdown on standard output, exit 0', async () => {
    const run = await runApilife(['changelog'], project.root);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/apilife changelog · 2 APIs · 4 states of the contracts · \d/);
    const [owners, petsLog] = run.stdout.split('\n---\n\n') as [string, string];
    expect(owners).toMatch(
      /^# Owners events changelog\n\n`contracts\/owners\/asyncapi\.yaml`.*\n\n## 0\.1\.0 — 2026-01-10\n\n- First version of Owners events\.\n/,
    );
    // The deprecation came after 2.0.0 without a bump: unreleased, not filed under 2.0.0.
    expect(petsLog.match(/^## .*$/gm)).toEqual([
      '## Unreleased',
      '## 2.0.0 — 2026-03-10',
      '## 1.1.0 — 2026-02-10',
      '## 1.0.0 — 2026-01-10',
    ]);
    expect(petsLog).toContain(
      '## Unreleased\n\n> Changed since 2.0.0 in 1 commit; `info.version` is not bumped yet.\n\n### Deprecations\n\n- **GET /pets**: deprecated (`operation-deprecated`)\n',
    );
    expect(petsLog).toContain(
      '### Breaking changes\n\n- **GET /pets/{petId}**: property `kind` was removed from the 200 response (`response-property-removed`)\n',
    );
    expect(petsLog).toContain(`### Waived\n\n- breaking-change (response-property-removed): ${REASON}\n`);
    expect(petsLog).not.toMatch(/~1|\/paths\//);
  });

  it('takes a service or a contract path; an unknown one is exit 2', async () => {
    for (const api of ['pets', 'contracts/pets/openapi.yaml', 'pets/openapi.yaml']) {
      const run = await runApilife(['changelog', api], project.root);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^# Pets API changelog\n/);
      expect(run.stdout).not.toContain('Owners');
    }
    const unknown = await runApilife(['changelog', 'cats'], project.root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no API "cats".*name a service \(owners, pets\)/);
  });

  it('--out writes one file per API and lists them', async () => {
    const run = await runApilife(['changelog', '--out', 'docs/changelog'], project.root);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      '✓ docs/changelog/owners/asyncapi.md · contracts/owners/asyncapi.yaml · 1 version',
      '✓ docs/changelog/pets/openapi.md · contracts/pets/openapi.yaml · 3 versions',
    ]);
    expect(readFileSync(project.path('docs/changelog/pets/openapi.md'), 'utf8')).toMatch(
      /^# Pets API changelog\n[\s\S]*## 1\.0\.0 — 2026-01-10\n\n- First version of Pets API\.\n$/,
    );
    expect(existsSync(project.path('docs/changelog/owners/asyncapi.md'))).toBe(true);
  });

  it('--format json: api, path, title, versions with dates, commits, changes (text and places) and waivers, unreleased changes', async () => {
    const run = await runApilife(['changelog', 'pets', '--format', 'json'], project.root);
    expect(run.code).toBe(0);
    const [log] = JSON.parse(run.stdout);
    expect(log).toMatchObject({ api: 'pets/openapi.yaml', path: 'contracts/pets/openapi.yaml', title: 'Pets API', skipped: [] });
    expect(log.versions.map((v: Doc) => [v.version, v.date, v.commits])).toEqual([
      ['2.0.0', '2026-03-10', [shas[2]]],
      ['1.1.0', '2026-02-10', [shas[1]]],
      ['1.0.0', '2026-01-10', [shas[0]]],
    ]);
    expect(log.versions[0].changes).toContainEqual(
      expect.objectContaining({
        id: 'response-property-removed',
        level: 'breaking',
        commit: shas[2],
        text: 'property `kind` was removed from the 200 response',
        new: { file: 'contracts/pets/openapi.yaml', pointer: expect.stringMatching(/^\/paths\/~1pets~1\{petId\}\//) },
      }),
    );
    expect(log.unreleased).toEqual({
      version: '2.0.0',
      commits: [shas[3]],
      changes: [
        expect.objectContaining({
          id: 'operation-deprecated',
          text: 'deprecated',
          commit: shas[3],
          new: { file: 'contracts/pets/openapi.yaml', pointer: '/paths/~1pets/get' },
        }),
      ],
    });
    expect(log.versions[0].waivers).toEqual([{ rule: 'breaking-change', change: 'response-property-removed', reason: REASON }]);
  });

  it('--since <ref> keeps the versions released after it; a bad ref is exit 2', async () => {
    const run = await runApilife(['changelog', 'pets', '--since', shas[0]!], project.root);
    expect(run.code).toBe(0);
    expect(run.stdout.match(/^## .*$/gm)).toEqual(['## Unreleased', '## 2.0.0 — 2026-03-10', '## 1.1.0 — 2026-02-10']);
    const none = await runApilife(['changelog', 'pets', '--since', 'main'], project.root);
    expect(none.stdout).toContain('No new version since main.');
    const bad = await runApilife(['changelog', '--since', 'v9.9.9'], project.root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/✘ v9\.9\.9 is not a commit of the repository/);
    expect(bad.stdout).toBe('');
  });

  it('outside a git repository, and with a wrong format or date: exit 2 with a message', async () => {
    const outside = tempProject();
    try {
      outside.write('contracts/pets/openapi.yaml', pets('1.0.0'));
      const run = await runApilife(['changelog'], outside.root);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/is not in a git repository/);
    } finally {
      outside.remove();
    }
    expect((await runApilife(['changelog', '--format', 'text'], project.root)).code).toBe(2);
    expect((await runApilife(['changelog', '--today', '10/04/2026'], project.root)).code).toBe(2);
  });

  it('--help documents the history it reads, the options and examples', async () => {
    const run = await runApilife(['changelog', '--help'], project.root);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^usage: apilife changelog \[<api>\.\.\.\] \[--since <git-ref>\] \[--out <dir>\] \[--format markdown\|json\]/,
    );
    expect(run.stdout).toMatch(/working tree as a last, uncommitted state when it differs from HEAD/);
    for (const option of ['--since', '--out', '--format', '--today', '--config']) expect(run.stdout).toContain(option);
    expect(run.stdout).toMatch(/Examples:\n {2}apilife changelog delivery/);
  });
});

describe('the README example of apilife changelog', () => {
  const readme = readFileSync(resolve(import.meta.dirname, '../../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## `apilife changelog`'), readme.indexOf('## `apilife check`'));
  const example = /```markdown\n([\s\S]*?)```/.exec(section)?.[1];

  it('is what apilife changelog prints for the history it describes: a branch merged with --no-ff, then a deprecation without a bump', async () => {
    const project = tempProject();
    try {
      const git = (args: string[], day?: string) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], {
          cwd: project.root,
          stdio: 'pipe',
          env: { ...process.env, ...(day ? { GIT_AUTHOR_DATE: `${day}T12:00:00Z`, GIT_COMMITTER_DATE: `${day}T12:00:00Z` } : {}) },
        });
      const commit = (doc: Doc, message: string, day: string) => {
        project.write('contracts/pets/openapi.yaml', doc);
        git(['add', '-A']);
        git(['commit', '-q', '-m', message], day);
      };
      const listPets = {
        operationId: 'listPets',
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
        responses: {
          '200': {
            description: 'Pets',
            content: { 'application/json': { schema: { type: 'object', properties: { total: { type: 'integer' } } } } },
          },
        },
      };
      git(['init', '-q', '-b', 'main']);
      const doc = pets('1.0.0');
      commit(doc, 'pets 1.0.0', '2026-01-10');
      doc.info.version = '1.1.0';
      doc.paths['/pets'] = { get: structuredClone(listPets) };
      commit(doc, 'listPets', '2026-02-10');
      git(['checkout', '-q', '-b', 'pets-2']);
      doc.paths['/pets'].get.parameters[0].required = true;
      commit(doc, 'limit required', '2026-03-02');
      doc.paths['/pets'].get.responses['200'].content['application/json'].schema.properties.total = { type: 'string' };
      commit(doc, 'total as a string', '2026-03-05');
      doc.info.version = '2.0.0';
      doc.info['x-lifecycle'].waivers = [
        { version: '2.0.0', rule: 'breaking-change', change: 'response-property-removed', reason: REASON },
      ];
      doc.paths['/pets/{petId}'].get.responses['200'].content['application/json'].schema = {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' } },
      };
      commit(doc, 'pets 2.0.0', '2026-03-09');
      git(['checkout', '-q', 'main']);
      git(['merge', '-q', '--no-ff', '-m', 'Merge pets-2', 'pets-2'], '2026-03-10');
      doc.paths['/pets/search'] = { get: { ...structuredClone(listPets), operationId: 'searchPets' } };
      doc.paths['/pets'].get.deprecated = true;
      doc.paths['/pets'].get['x-lifecycle'] = { deprecated: '2026-04-10', sunset: '2027-06-30', successor: 'searchPets' };
      commit(doc, 'listPets deprecated for searchPets', '2026-04-10');
      const run = await runApilife(['changelog'], project.root);
      expect(run.code).toBe(0);
      expect(example).toBeDefined();
      expect(run.stdout.trimEnd()).toBe(example!.trimEnd());
    } finally {
      project.remove();
    }
  });
});
