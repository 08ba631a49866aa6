import { execFileSync } from 'node:child_process';
import { loadProjectConfig } from '@apilife/spec';
import { tempProject, type TempProject } from '@apilife/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changelog, formatChangelogMarkdown, selectApis, UNCOMMITTED, type ApiChangelog } from '../src/index.ts';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Pets 1.0.0: one operation whose response refers to a shared id schema. */
function pets(version: string): Doc {
  return {
    openapi: '3.1.0',
    info: { title: 'Pets API', version, 'x-lifecycle': { stage: 'maintain', owner: 'team-pets' } },
    paths: {
      '/pets/{petId}': {
        get: {
          operationId: 'getPet',
          parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'A pet',
              content: { 'application/json': { schema: { type: 'object', required: ['id', 'kind'], properties: { id: { $ref: '../_shared/ids.yaml#/components/schemas/Id' }, kind: { type: 'string' } } } } },
            },
          },
        },
      },
    },
  };
}

/** Removes the required `kind` from getPet's response (breaking: clients read it). */
function withoutKind(doc: Doc): Doc {
  const schema = doc.paths['/pets/{petId}'].get.responses['200'].content['application/json'].schema;
  delete schema.properties.kind;
  schema.required = ['id'];
  return doc;
}

const ids = (maxLength: number) => ({ components: { schemas: { Id: { type: 'string', maxLength }, Unused: { type: 'string' } } } });
const listPets = { operationId: 'listPets', responses: { '200': { description: 'Pets' } } };
const WAIVER = { version: '2.0.0', rule: 'breaking-change', change: 'response-property-removed', subject: 'GET /pets/{petId}', reason: 'no client reads kind (access logs, 2026-02)' };

/** The history the tests read: first version, a minor bump, a major bump with a waiver, a change without a bump. */
function writeHistory(project: TempProject, commit: (message: string, day: string) => void): void {
  project.write('contracts/_shared/ids.yaml', ids(64));
  project.write('contracts/pets/openapi.yaml', pets('1.0.0'));
  commit('pets 1.0.0', '2026-01-10');
  const v110 = pets('1.1.0');
  v110.paths['/pets'] = { get: listPets };
  project.write('contracts/pets/openapi.yaml', v110);
  commit('pets 1.1.0: listPets', '2026-02-10');
  project.write('contracts/owners/openapi.yaml', { openapi: '3.1.0', info: { title: 'Owners API', version: '0.1.0' }, paths: {} });
  commit('owners 0.1.0 (not a pets change)', '2026-02-20');
  const v200 = structuredClone(v110);
  v200.info.version = '2.0.0';
  v200.info['x-lifecycle'].waivers = [WAIVER];
  project.write('contracts/pets/openapi.yaml', withoutKind(v200));
  commit('pets 2.0.0: kind removed', '2026-03-10');
  project.write('contracts/_shared/ids.yaml', { components: { schemas: { ...ids(64).components.schemas, Unused: { type: 'integer' } } } });
  commit('ids: a schema pets does not use', '2026-03-20');
  project.write('contracts/_shared/ids.yaml', ids(36));
  commit('ids: shorter (pets keeps 2.0.0)', '2026-04-10');
}

describe('changelog', () => {
  let project: TempProject;
  const shas: Record<string, string> = {};
  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { cwd: project.root, stdio: 'pipe', env: { ...process.env, ...env } }).toString().trim();
  const commit = (message: string, day: string) => {
    git(['add', '-A']);
    git(['commit', '-q', '-m', message], { GIT_AUTHOR_DATE: `${day}T12:00:00Z`, GIT_COMMITTER_DATE: `${day}T12:00:00Z` });
    shas[message] = git(['rev-parse', 'HEAD']);
  };
  const petsLog = async (options: { since?: string; today?: string } = {}): Promise<ApiChangelog> => {
    const report = await changelog(await loadProjectConfig(project.root), { apis: ['pets/openapi.yaml'], ...options });
    return report.apis[0]!;
  };

  beforeEach(() => {
    project = tempProject();
    git(['init', '-q', '-b', 'main']);
    writeHistory(project, commit);
  });
  afterEach(() => project.remove());

  it('groups the history by version, newest first, dated by the commit that introduced each', async () => {
    const log = await petsLog();
    expect(log).toMatchObject({ api: 'pets/openapi.yaml', path: 'contracts/pets/openapi.yaml', title: 'Pets API', skipped: [] });
    expect(log.versions.map((v) => [v.version, v.date, v.first, v.unbumped])).toEqual([
      ['2.0.0', '2026-03-10', false, 1],
      ['1.1.0', '2026-02-10', false, 0],
      ['1.0.0', '2026-01-10', true, 0],
    ]);
    // The owners commit and the change to a part of ids.yaml pets does not use are not pets changes.
    expect(log.versions[0]!.commits).toEqual([shas['pets 2.0.0: kind removed'], shas['ids: shorter (pets keeps 2.0.0)']]);
    expect(log.versions[1]!.changes.map((c) => [c.level, c.id, c.subject])).toEqual([['info', 'operation-added', 'GET /pets']]);
    const breaking = log.versions[0]!.changes.filter((c) => c.level === 'breaking').map((c) => [c.id, c.subject, c.commit]);
    expect(breaking).toEqual([['response-property-removed', 'GET /pets/{petId}', shas['pets 2.0.0: kind removed']]]);
    // A shared file's change reaches the API through $ref (maxLength 64 → 36 in a response: tighter, not breaking).
    expect(log.versions[0]!.changes.find((c) => c.commit === shas['ids: shorter (pets keeps 2.0.0)'])).toMatchObject({ id: 'response-constraint-tightened', level: 'info' });
    expect(log.versions[0]!.waivers).toEqual([{ rule: 'breaking-change', change: 'response-property-removed', subject: 'GET /pets/{petId}', reason: WAIVER.reason }]);
    expect(log.versions[1]!.waivers).toEqual([]);
  });

  it('writes markdown: heading, sections, the waiver with its reason, the note on a change without a bump', async () => {
    const markdown = formatChangelogMarkdown(await petsLog());
    expect(markdown).toMatch(/^# Pets API changelog\n\n`contracts\/pets\/openapi\.yaml`/);
    expect(markdown.match(/^## .*$/gm)).toEqual(['## 2.0.0 — 2026-03-10', '## 1.1.0 — 2026-02-10', '## 1.0.0 — 2026-01-10']);
    const v2 = markdown.slice(markdown.indexOf('## 2.0.0'), markdown.indexOf('## 1.1.0'));
    expect(v2).toContain('> Changed in 1 commit without a version bump.');
    expect(v2).toMatch(/### Breaking changes\n\n- \*\*GET \/pets\/\{petId\}\*\*: .*kind.* \(`response-property-removed`\)\n/);
    expect(v2).toContain('### Waived\n\n- breaking-change (response-property-removed) on GET /pets/{petId}: no client reads kind (access logs, 2026-02)\n');
    const v1 = markdown.slice(markdown.indexOf('## 1.0.0'));
    expect(v1).toContain('- First version of Pets API.');
    expect(v1).not.toContain('###');
    expect(markdown.slice(markdown.indexOf('## 1.1.0'), markdown.indexOf('## 1.0.0'))).toMatch(/### Other changes\n\n- \*\*GET \/pets\*\*: .* \(`operation-added`\)/);
  });

  it('lists deprecations in their own section, and uncommitted changes as a last state dated --today', async () => {
    const v300 = structuredClone(pets('3.0.0'));
    v300.paths['/pets'] = { get: { ...listPets, deprecated: true, 'x-lifecycle': { sunset: '2027-01-01', successor: 'searchPets' } } };
    project.write('contracts/pets/openapi.yaml', v300);
    const log = await petsLog({ today: '2026-05-01' });
    expect(log.versions[0]).toMatchObject({ version: '3.0.0', date: '2026-05-01', commits: [UNCOMMITTED], unbumped: 0 });
    expect(log.versions[0]!.changes.map((c) => c.id)).toContain('operation-deprecated');
    const markdown = formatChangelogMarkdown(log);
    expect(markdown).toMatch(/## 3\.0\.0 — uncommitted\n/);
    expect(markdown).toMatch(/### Deprecations\n\n- \*\*GET \/pets\*\*: .* \(`operation-deprecated`\)/);
  });

  it('leaves out a commit whose contract does not parse, names it, and diffs the next one with the last good state', async () => {
    project.write('contracts/pets/openapi.yaml', 'openapi: 3.1.0\ninfo: [unclosed\n');
    commit('broken', '2026-05-01');
    const v210 = pets('2.1.0');
    v210.paths['/pets'] = { get: listPets };
    v210.paths['/pets/{petId}'].get.responses['200'].content['application/json'].schema.properties.name = { type: 'string' };
    project.write('contracts/pets/openapi.yaml', withoutKind(v210));
    commit('fixed', '2026-05-02');
    const log = await petsLog();
    expect(log.skipped).toEqual([{ commit: shas.broken, date: '2026-05-01', reason: expect.stringMatching(/^pets\/openapi\.yaml:\d+:\d+: /) }]);
    expect(log.versions[0]).toMatchObject({ version: '2.1.0', date: '2026-05-02', commits: [shas.fixed] });
    expect(log.versions[0]!.changes.map((c) => c.id)).toEqual(['response-property-added-optional']);
    expect(formatChangelogMarkdown(log)).toContain(`> - ${shas.broken!.slice(0, 7)} (2026-05-01): pets/openapi.yaml:`);
  });

  it('reads versions as semver: build metadata alone is no bump; prerelease counters are numbers', async () => {
    const withName = (version: string, name: string) => {
      const doc = withoutKind(pets(version));
      doc.paths['/pets'] = { get: listPets };
      doc.info['x-lifecycle'].waivers = [WAIVER];
      doc.paths['/pets/{petId}'].get.responses['200'].content['application/json'].schema.properties[name] = { type: 'string' };
      return doc;
    };
    project.write('contracts/pets/openapi.yaml', withName('2.0.0+build.2', 'name'));
    commit('pets 2.0.0+build.2: name', '2026-05-01');
    project.write('contracts/pets/openapi.yaml', withName('2.1.0-rc.2', 'nickname'));
    commit('pets 2.1.0-rc.2', '2026-05-02');
    project.write('contracts/pets/openapi.yaml', withName('2.1.0-rc.10', 'alias'));
    commit('pets 2.1.0-rc.10', '2026-05-03');
    const log = await petsLog();
    expect(log.versions.map((v) => [v.version, v.unbumped])).toEqual([
      ['2.1.0-rc.10', 0],
      ['2.1.0-rc.2', 0],
      ['2.0.0', 2],
      ['1.1.0', 0],
      ['1.0.0', 0],
    ]);
    expect(log.versions[2]!.waivers).toHaveLength(1);
  });

  it('--since keeps only versions introduced after the ref; a bad ref or a folder outside git is an input error', async () => {
    expect((await petsLog({ since: shas['pets 1.1.0: listPets'] })).versions.map((v) => v.version)).toEqual(['2.0.0']);
    expect((await petsLog({ since: 'main' })).versions).toEqual([]);
    await expect(petsLog({ since: 'no-such-ref' })).rejects.toThrow(/no-such-ref is not a commit/);
    const outside = tempProject();
    try {
      outside.write('contracts/pets/openapi.yaml', pets('1.0.0'));
      await expect(changelog(await loadProjectConfig(outside.root))).rejects.toThrow(/is not in a git repository/);
    } finally {
      outside.remove();
    }
  });

  it('every API by default; selectApis takes a service or a contract path', async () => {
    const report = await changelog(await loadProjectConfig(project.root));
    expect(report.apis.map((a) => [a.api, a.versions.map((v) => v.version)])).toEqual([
      ['owners/openapi.yaml', ['0.1.0']],
      ['pets/openapi.yaml', ['2.0.0', '1.1.0', '1.0.0']],
    ]);
    const contracts = project.path('contracts');
    expect(selectApis(contracts, ['pets'], project.root)).toEqual(['pets/openapi.yaml']);
    expect(selectApis(contracts, ['contracts/owners/openapi.yaml', 'pets/openapi.yaml'], project.root)).toEqual(['owners/openapi.yaml', 'pets/openapi.yaml']);
    expect(() => selectApis(contracts, ['cats'], project.root)).toThrow(/no API "cats".*owners, pets/);
  });
});
