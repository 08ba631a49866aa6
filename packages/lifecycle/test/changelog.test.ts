import { execFileSync } from 'node:child_process';
import { loadProjectConfig } from '@apilife/contract';
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
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['id', 'kind'],
                    properties: { id: { $ref: '../_shared/ids.yaml#/components/schemas/Id' }, kind: { type: 'string' } },
                  },
                },
              },
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
const WAIVER = {
  version: '2.0.0',
  rule: 'breaking-change',
  change: 'response-property-removed',
  subject: 'GET /pets/{petId}',
  reason: 'no client reads kind (access logs, 2026-02)',
};

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
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], {
      cwd: project.root,
      stdio: 'pipe',
      env: { ...process.env, ...env },
    })
      .toString()
      .trim();
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

  it('a section per release, newest first, dated by the commit that released it; changes after the last bump are unreleased', async () => {
    const log = await petsLog();
    expect(log).toMatchObject({ api: 'pets/openapi.yaml', path: 'contracts/pets/openapi.yaml', title: 'Pets API', skipped: [] });
    expect(log.versions.map((v) => [v.version, v.date, v.first, v.commits])).toEqual([
      ['2.0.0', '2026-03-10', false, [shas['pets 2.0.0: kind removed']]],
      ['1.1.0', '2026-02-10', false, [shas['pets 1.1.0: listPets']]],
      ['1.0.0', '2026-01-10', true, [shas['pets 1.0.0']]],
    ]);
    expect(log.versions[1]!.changes.map((c) => [c.level, c.id, c.subject])).toEqual([['info', 'operation-added', 'GET /pets']]);
    expect(log.versions[0]!.changes.map((c) => [c.id, c.subject, c.commit])).toEqual([
      ['response-property-removed', 'GET /pets/{petId}', shas['pets 2.0.0: kind removed']],
    ]);
    // The owners commit and the change to a part of ids.yaml pets does not use are not pets changes;
    // the shared file's later change reaches pets through $ref (maxLength 64 → 36 in a response) after
    // 2.0.0 was released, without a bump: unreleased, not filed under 2.0.0.
    expect(log.unreleased).toEqual({
      version: '2.0.0',
      commits: [shas['ids: shorter (pets keeps 2.0.0)']],
      changes: [
        expect.objectContaining({ id: 'response-constraint-tightened', level: 'info', commit: shas['ids: shorter (pets keeps 2.0.0)'] }),
      ],
    });
    expect(log.versions[0]!.waivers).toEqual([
      { rule: 'breaking-change', change: 'response-property-removed', subject: 'GET /pets/{petId}', reason: WAIVER.reason },
    ]);
    expect(log.versions[1]!.waivers).toEqual([]);
  });

  it('writes markdown: heading, Unreleased, sections, the waiver with its reason', async () => {
    const markdown = formatChangelogMarkdown(await petsLog());
    expect(markdown).toMatch(/^# Pets API changelog\n\n`contracts\/pets\/openapi\.yaml`/);
    expect(markdown.match(/^## .*$/gm)).toEqual([
      '## Unreleased',
      '## 2.0.0 — 2026-03-10',
      '## 1.1.0 — 2026-02-10',
      '## 1.0.0 — 2026-01-10',
    ]);
    const unreleased = markdown.slice(markdown.indexOf('## Unreleased'), markdown.indexOf('## 2.0.0'));
    expect(unreleased).toContain('> Changed since 2.0.0 in 1 commit; `info.version` is not bumped yet.');
    expect(unreleased).toContain(
      '- **GET /pets/{petId}**: `maxLength` of property `id` in the 200 response became 36 (was 64) (`response-constraint-tightened`)',
    );
    const v2 = markdown.slice(markdown.indexOf('## 2.0.0'), markdown.indexOf('## 1.1.0'));
    expect(v2).toContain(
      '### Breaking changes\n\n- **GET /pets/{petId}**: property `kind` was removed from the 200 response (`response-property-removed`)\n',
    );
    expect(v2).toContain(
      '### Waived\n\n- breaking-change (response-property-removed) on GET /pets/{petId}: no client reads kind (access logs, 2026-02)\n',
    );
    const v1 = markdown.slice(markdown.indexOf('## 1.0.0'));
    expect(v1).toContain('- First version of Pets API.');
    expect(v1).not.toContain('###');
    expect(markdown.slice(markdown.indexOf('## 1.1.0'), markdown.indexOf('## 1.0.0'))).toContain(
      '### Other changes\n\n- **GET /pets**: operation `listPets` was added (`operation-added`)',
    );
  });

  it('lists deprecations in their own section, naming the sunset and the successor; the working tree is a last state dated --today', async () => {
    const v300 = structuredClone(pets('3.0.0'));
    v300.paths['/pets'] = { get: { ...listPets, deprecated: true, 'x-lifecycle': { sunset: '2027-01-01', successor: 'searchPets' } } };
    v300.paths['/pets/search'] = { get: { ...listPets, operationId: 'searchPets' } };
    project.write('contracts/pets/openapi.yaml', v300);
    const log = await petsLog({ today: '2026-05-01' });
    // The unreleased commit before the bump ships with 3.0.0.
    expect(log.versions[0]).toMatchObject({
      version: '3.0.0',
      date: '2026-05-01',
      commits: [shas['ids: shorter (pets keeps 2.0.0)'], UNCOMMITTED],
    });
    expect(log.unreleased).toBeNull();
    expect(log.versions[0]!.changes.find((c) => c.id === 'operation-deprecated')).toMatchObject({
      commit: UNCOMMITTED,
      text: 'deprecated, sunset 2027-01-01, use `searchPets` (GET /pets/search) instead',
    });
    const markdown = formatChangelogMarkdown(log);
    expect(markdown).toMatch(/## 3\.0\.0 — uncommitted\n/);
    expect(markdown).toContain(
      '### Deprecations\n\n- **GET /pets**: deprecated, sunset 2027-01-01, use `searchPets` (GET /pets/search) instead (`operation-deprecated`)\n',
    );
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
    expect(log.skipped).toEqual([
      { commit: shas.broken, date: '2026-05-01', reason: expect.stringMatching(/^pets\/openapi\.yaml:\d+:\d+: /) },
    ]);
    expect(log.versions[0]).toMatchObject({
      version: '2.1.0',
      date: '2026-05-02',
      commits: [shas['ids: shorter (pets keeps 2.0.0)'], shas.fixed],
    });
    expect(log.versions[0]!.changes.map((c) => [c.id, c.commit])).toEqual([
      ['response-constraint-tightened', shas['ids: shorter (pets keeps 2.0.0)']],
      ['response-property-added-optional', shas.fixed],
    ]);
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
    // Newest first by history: rc.10 after rc.2 (as text, "rc.10" sorts first); build metadata is no release.
    expect(log.versions.map((v) => [v.version, v.commits.length])).toEqual([
      ['2.1.0-rc.10', 1],
      ['2.1.0-rc.2', 3],
      ['2.0.0', 1],
      ['1.1.0', 1],
      ['1.0.0', 1],
    ]);
    // One diff from 2.0.0 to rc.2: `name` came with build.2 and went with rc.2, so it is not listed.
    expect(log.versions[1]!.changes.map((c) => c.text)).toEqual([
      '`maxLength` of property `id` in the 200 response became 36 (was 64)',
      'optional property `nickname` was added to the 200 response',
    ]);
    expect(log.versions[2]!.waivers).toHaveLength(1);
  });

  it('--since keeps only what was released (or changed) after the ref; a bad ref or a folder outside git is an input error', async () => {
    const since = await petsLog({ since: shas['pets 1.1.0: listPets'] });
    expect([since.versions.map((v) => v.version), since.unreleased?.commits]).toEqual([
      ['2.0.0'],
      [shas['ids: shorter (pets keeps 2.0.0)']],
    ]);
    expect(await petsLog({ since: 'main' })).toMatchObject({ versions: [], unreleased: null });
    await expect(petsLog({ since: 'no-such-ref' })).rejects.toThrow(/no-such-ref is not a commit/);
    const outside = tempProject();
    try {
      outside.write('contracts/pets/openapi.yaml', pets('1.0.0'));
      await expect(changelog(await loadProjectConfig(outside.root))).rejects.toThrow(/is not in a git repository/);
    } finally {
      outside.remove();
    }
  });

  /** Pets as the history leaves it at 2.0.0, with another version. */
  const current = (version: string): Doc => {
    const doc = withoutKind(pets(version));
    doc.paths['/pets'] = { get: structuredClone(listPets) };
    doc.info['x-lifecycle'].waivers = [WAIVER];
    return doc;
  };
  const limit = (required: boolean) => ({ name: 'limit', in: 'query', ...(required ? { required } : {}), schema: { type: 'integer' } });

  it('a branch: commits that changed the contract before the bump belong to the new version, on the branch and after a --no-ff merge (issue 14, item 12)', async () => {
    git(['checkout', '-q', '-b', 'feature']);
    const b1 = current('2.0.0');
    b1.paths['/pets'].get.parameters = [limit(false)];
    project.write('contracts/pets/openapi.yaml', b1);
    commit('feature: limit', '2026-05-01');
    b1.paths['/pets'].get.parameters = [limit(true)];
    project.write('contracts/pets/openapi.yaml', b1);
    commit('feature: limit required', '2026-05-02');
    const b3 = structuredClone(b1);
    b3.info.version = '3.0.0';
    b3.paths['/pets/{petId}'].get.responses['200'].content['application/json'].schema.properties.name = { type: 'string' };
    project.write('contracts/pets/openapi.yaml', b3);
    commit('feature: 3.0.0', '2026-05-03');
    const want = [
      [
        'response-constraint-tightened',
        '`maxLength` of property `id` in the 200 response became 36 (was 64)',
        shas['ids: shorter (pets keeps 2.0.0)'],
      ],
      ['response-property-added-optional', 'optional property `name` was added to the 200 response', shas['feature: 3.0.0']],
      ['request-parameter-added-required', 'required query parameter `limit` was added', shas['feature: limit required']],
    ];
    const onBranch = await petsLog();
    expect(onBranch.versions.map((v) => [v.version, v.commits.length])).toEqual([
      ['3.0.0', 4],
      ['2.0.0', 1],
      ['1.1.0', 1],
      ['1.0.0', 1],
    ]);
    expect(onBranch.versions[0]!.changes.map((c) => [c.id, c.text, c.commit])).toEqual(want);
    expect(onBranch.versions[1]!.changes.map((c) => c.id)).toEqual(['response-property-removed']);
    expect(onBranch.unreleased).toBeNull();

    git(['checkout', '-q', 'main']);
    git(['merge', '-q', '--no-ff', '-m', 'Merge feature', 'feature'], {
      GIT_AUTHOR_DATE: '2026-05-04T12:00:00Z',
      GIT_COMMITTER_DATE: '2026-05-04T12:00:00Z',
    });
    const merged = await petsLog();
    const mergeSha = git(['rev-parse', 'HEAD']);
    expect(merged.versions.map((v) => [v.version, v.date])).toEqual([
      ['3.0.0', '2026-05-04'],
      ['2.0.0', '2026-03-10'],
      ['1.1.0', '2026-02-10'],
      ['1.0.0', '2026-01-10'],
    ]);
    expect(merged.versions[0]!.commits).toEqual([shas['ids: shorter (pets keeps 2.0.0)'], mergeSha]);
    expect(merged.versions[0]!.changes.map((c) => [c.id, c.text])).toEqual(want.map(([id, text]) => [id, text]));
    expect(merged.versions[1]!.changes.map((c) => c.id)).toEqual(['response-property-removed']);
  });

  it('changes after the last bump are Unreleased until a bump releases them (issue 14, item 12)', async () => {
    const deprecated = current('2.0.0');
    deprecated.paths['/pets'].get.deprecated = true;
    project.write('contracts/pets/openapi.yaml', deprecated);
    commit('listPets deprecated', '2026-05-01');
    const log = await petsLog();
    expect(log.versions[0]).toMatchObject({ version: '2.0.0', commits: [shas['pets 2.0.0: kind removed']] });
    expect(log.versions[0]!.changes.map((c) => c.id)).toEqual(['response-property-removed']);
    expect(log.unreleased).toMatchObject({
      version: '2.0.0',
      commits: [shas['ids: shorter (pets keeps 2.0.0)'], shas['listPets deprecated']],
    });
    expect(log.unreleased!.changes.map((c) => [c.id, c.commit])).toEqual([
      ['response-constraint-tightened', shas['ids: shorter (pets keeps 2.0.0)']],
      ['operation-deprecated', shas['listPets deprecated']],
    ]);
    const markdown = formatChangelogMarkdown(log);
    expect(markdown.match(/^## .*$/gm)![0]).toBe('## Unreleased');
    expect(markdown).toContain(
      '## Unreleased\n\n> Changed since 2.0.0 in 2 commits; `info.version` is not bumped yet.\n\n### Deprecations\n\n- **GET /pets**: deprecated (`operation-deprecated`)\n',
    );

    deprecated.info.version = '2.1.0';
    project.write('contracts/pets/openapi.yaml', deprecated);
    const bumped = await petsLog({ today: '2026-05-02' });
    expect(bumped.unreleased).toBeNull();
    expect(bumped.versions[0]).toMatchObject({
      version: '2.1.0',
      date: '2026-05-02',
      commits: [shas['ids: shorter (pets keeps 2.0.0)'], shas['listPets deprecated'], UNCOMMITTED],
    });
    expect(bumped.versions[0]!.changes.map((c) => c.id)).toEqual(['response-constraint-tightened', 'operation-deprecated']);
  });

  it('the first version is its introduction: what changed after it is listed under the version that ships it (issue 14, item 12)', async () => {
    const owners = (version: string, operations: string[]): Doc => ({
      openapi: '3.1.0',
      info: { title: 'Owners API', version },
      paths: Object.fromEntries(
        operations.map((id) => [`/${id}`, { get: { operationId: id, responses: { '200': { description: 'OK' } } } }]),
      ),
    });
    project.write('contracts/owners/openapi.yaml', owners('0.1.0', ['getOwner']));
    commit('owners: getOwner', '2026-05-01');
    project.write('contracts/owners/openapi.yaml', owners('0.1.0', ['getOwner', 'listOwners']));
    commit('owners: listOwners', '2026-05-02');
    project.write('contracts/owners/openapi.yaml', owners('0.2.0', ['getOwner', 'listOwners']));
    commit('owners 0.2.0', '2026-05-03');
    const report = await changelog(await loadProjectConfig(project.root), { apis: ['owners/openapi.yaml'] });
    const log = report.apis[0]!;
    expect(log.versions.map((v) => [v.version, v.first, v.changes.map((c) => c.text)])).toEqual([
      ['0.2.0', false, ['operation `getOwner` was added', 'operation `listOwners` was added']],
      ['0.1.0', true, []],
    ]);
    expect(log.versions[1]!.commits).toEqual([shas['owners 0.1.0 (not a pets change)']]);
    expect(log.unreleased).toBeNull();
    const markdown = formatChangelogMarkdown(log);
    expect(markdown.slice(markdown.indexOf('## 0.1.0'))).toBe('## 0.1.0 — 2026-02-20\n\n- First version of Owners API.\n');
  });

  it('lines say what changed in words, without JSON pointers (kept in the changes); deprecations and retirements name the sunset and the successor (issue 14, item 12)', async () => {
    const search = { get: { ...listPets, operationId: 'searchPets' } };
    const v3 = current('3.0.0');
    v3.paths['/pets'].get = {
      ...v3.paths['/pets'].get,
      deprecated: true,
      'x-lifecycle': { deprecated: '2026-04-20', sunset: '2026-05-15', successor: 'searchPets' },
    };
    v3.paths['/pets/search'] = search;
    project.write('contracts/pets/openapi.yaml', v3);
    commit('pets 3.0.0: listPets deprecated', '2026-04-20');
    const v4 = structuredClone(v3);
    v4.info.version = '4.0.0';
    v4.paths['/pets'].get['x-lifecycle'].stage = 'retired';
    v4.paths['/pets'].get.responses['410'] = { description: 'Gone' };
    project.write('contracts/pets/openapi.yaml', v4);
    commit('pets 4.0.0: listPets retired', '2026-06-01');
    const log = await petsLog();
    const markdown = formatChangelogMarkdown(log);
    expect(markdown).not.toMatch(/\/paths\/|~1| at \//);
    const section = (version: string) => markdown.slice(markdown.indexOf(`## ${version}`)).split(/\n## /)[0]!;
    expect(section('3.0.0')).toContain(
      '### Deprecations\n\n- **GET /pets**: deprecated, sunset 2026-05-15, use `searchPets` (GET /pets/search) instead (`operation-deprecated`)\n',
    );
    expect(section('3.0.0')).toContain('- **GET /pets/search**: operation `searchPets` was added (`operation-added`)');
    expect(section('4.0.0')).toContain(
      '- **GET /pets**: retired on or after its sunset 2026-05-15, it answers 410 Gone, use `searchPets` (GET /pets/search) instead (`operation-retired`)',
    );
    expect(section('2.0.0')).toContain(
      '- **GET /pets/{petId}**: property `kind` was removed from the 200 response (`response-property-removed`)',
    );
    // The pointer stays in the change (and in --format json).
    const removed = log.versions.find((v) => v.version === '2.0.0')!.changes[0]!;
    expect(removed).toMatchObject({
      message: expect.stringMatching(/^property kind was removed at \/paths\/~1pets~1\{petId\}\/get\/responses\/200\//),
      new: { pointer: expect.stringMatching(/^\/paths\/~1pets~1\{petId\}\/get\/responses\/200\//) },
    });
  });

  it('every API by default; selectApis takes a service or a contract path', async () => {
    const report = await changelog(await loadProjectConfig(project.root));
    expect(report.apis.map((a) => [a.api, a.versions.map((v) => v.version)])).toEqual([
      ['owners/openapi.yaml', ['0.1.0']],
      ['pets/openapi.yaml', ['2.0.0', '1.1.0', '1.0.0']],
    ]);
    const contracts = project.path('contracts');
    expect(selectApis(contracts, ['pets'], project.root)).toEqual(['pets/openapi.yaml']);
    expect(selectApis(contracts, ['contracts/owners/openapi.yaml', 'pets/openapi.yaml'], project.root)).toEqual([
      'owners/openapi.yaml',
      'pets/openapi.yaml',
    ]);
    expect(() => selectApis(contracts, ['cats'], project.root)).toThrow(/no API "cats".*owners, pets/);
  });
});
