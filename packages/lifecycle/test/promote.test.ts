import { readFileSync } from 'node:fs';
import { loadProjectConfig, type LifecycleStage, type ProjectConfig } from '@apilife/spec';
import { tempProject, type TempProject } from '@apilife/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fillPlaceholders, gatesFor, listApis, planNewApi, promote, runShellCommand, selectContracts, writeNewApi, type CommandRunner } from '../src/index.ts';
import { runGate, type GateContext, type GateId } from '../src/stage-gates.ts';

const TODAY = '2026-11-25';

describe('gatesFor', () => {
  const table: [LifecycleStage, GateId[]][] = [
    ['plan', []],
    ['design', ['lint']],
    ['develop', ['lint', 'generated']],
    ['test', ['lint', 'generated', 'tests']],
    ['deploy', ['lint', 'generated', 'tests', 'verify', 'docs', 'sunsets']],
    ['maintain', ['lint', 'generated', 'tests', 'verify', 'docs', 'sunsets']],
    ['deprecated', ['lint', 'generated', 'tests', 'verify', 'docs', 'sunsets', 'deprecation']],
    ['retired', ['lint', 'generated', 'tests', 'verify', 'docs', 'deprecation', 'retirement']],
  ];
  it.each(table)('%s: %j', (stage, want) => expect(gatesFor(stage).map((g) => g.id)).toEqual(want));
});

describe('fillPlaceholders', () => {
  it('fills the four placeholders, quoting what the shell would split', () => {
    expect(fillPlaceholders('t {service} {contract} {api} {kind} {other}', { service: 'pets', contract: 'contracts/pets/openapi.yaml', api: 'pets/openapi.yaml', kind: 'openapi' })).toBe('t pets contracts/pets/openapi.yaml pets/openapi.yaml openapi {other}');
    expect(fillPlaceholders('cat {contract}', { service: 's', contract: "my dir/it's.yaml", api: 'a', kind: 'openapi' })).toBe(`cat 'my dir/it'\\''s.yaml'`);
  });
});

describe('runShellCommand', () => {
  it('captures the last 20 lines of stdout and stderr, and the exit code', async () => {
    const outcome = await runShellCommand('echo first; seq 1 30; echo boom >&2; exit 3', { cwd: process.cwd() });
    expect(outcome).toMatchObject({ ok: false, code: 3, timedOut: false });
    expect(outcome.tail).toHaveLength(20);
    expect(outcome.tail.at(-1)).toBe('boom');
    expect(outcome.tail).not.toContain('first');
    expect((await runShellCommand('true', { cwd: process.cwd() })).ok).toBe(true);
  });

  it('kills the command and what it started on timeout', async () => {
    const started = Date.now();
    const outcome = await runShellCommand('sleep 30 & sleep 30; echo never', { cwd: process.cwd(), timeoutMs: 300 });
    expect(outcome).toMatchObject({ ok: false, timedOut: true });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('promotion gates', () => {
  let project: TempProject;
  let config: ProjectConfig;
  const ran: string[] = [];
  const fakeRunner =
    (fail?: RegExp): CommandRunner =>
    async (command) => {
      ran.push(command);
      const ok = !fail?.test(command);
      return { ok, code: ok ? 0 : 1, timedOut: false, tail: ok ? [] : ['FAILED: expected 1 to be 2'], durationMs: 1 };
    };
  const context = async (commands: Record<string, string> = {}, run = fakeRunner()): Promise<GateContext> => {
    config = await loadProjectConfig(project.root);
    config.policy.commands = commands;
    const apis = selectContracts(await listApis(config), 'pets', project.root, config.contracts);
    return { config, apis, today: TODAY, cwd: project.root, run };
  };
  const op = (id: string, lifecycle?: Record<string, string>) => ({ operationId: id, ...(lifecycle ? { deprecated: true, 'x-lifecycle': lifecycle } : {}), responses: { '200': { description: 'ok' } } });
  const contract = (info: object, paths: object) => ({ openapi: '3.1.0', info: { title: 'Pets', version: '1.0.0', ...info }, paths });

  beforeEach(() => {
    project = tempProject();
    ran.length = 0;
  });
  afterEach(() => project.remove());

  it('a command gate without a command fails, naming the key to set', async () => {
    project.write('contracts/pets/openapi.yaml', contract({ 'x-lifecycle': { stage: 'develop', owner: 'o' } }, { '/a': { get: op('getA') } }));
    const result = await runGate({ id: 'tests', stage: 'test' }, await context());
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/^not configured: set policy\.commands\.tests in apilife\.config\.yaml/) });
  });

  it('runs a command once per contract unless it comes out the same; a failure shows its output', async () => {
    project.write('contracts/pets/openapi.yaml', contract({ 'x-lifecycle': { stage: 'develop', owner: 'o' } }, { '/a': { get: op('getA') } }));
    project.write('contracts/pets/asyncapi.yaml', { asyncapi: '3.0.0', info: { title: 'Pet events', version: '1.0.0', 'x-lifecycle': { stage: 'develop', owner: 'o' } } });
    const ctx = await context({ tests: 'test {service}', docs: 'docs {kind} {contract} {api}' });
    expect(ctx.apis).toHaveLength(2);
    expect((await runGate({ id: 'tests', stage: 'test' }, ctx)).ok).toBe(true);
    expect((await runGate({ id: 'docs', stage: 'deploy' }, ctx)).commands).toEqual(['docs asyncapi contracts/pets/asyncapi.yaml pets/asyncapi.yaml', 'docs openapi contracts/pets/openapi.yaml pets/openapi.yaml']);
    expect(ran).toEqual(['test pets', 'docs asyncapi contracts/pets/asyncapi.yaml pets/asyncapi.yaml', 'docs openapi contracts/pets/openapi.yaml pets/openapi.yaml']);
    const failed = await runGate({ id: 'tests', stage: 'test' }, { ...ctx, run: fakeRunner(/test/) });
    expect(failed).toMatchObject({ ok: false, message: '`test pets` exited with 1', details: ['FAILED: expected 1 to be 2'] });
  });

  it('sunsets: a deprecated operation past its sunset and not retired fails; retired ones pass', async () => {
    project.write('contracts/pets/openapi.yaml', contract({ 'x-lifecycle': { stage: 'test', owner: 'o' } }, {
      '/a': { get: op('getOld', { stage: 'deprecated', sunset: '2026-11-01', successor: 'getA' }) },
      '/b': { get: op('getGone', { stage: 'retired', sunset: '2026-01-01', successor: 'getA' }) },
      '/c': { get: op('getA') },
    }));
    const ctx = await context();
    const result = await runGate({ id: 'sunsets', stage: 'deploy' }, ctx);
    expect(result).toMatchObject({ ok: false, details: ['pets/openapi.yaml  getOld  sunset 2026-11-01, OVERDUE by 24 days'] });
    // The sunset day itself counts: from that day the generated server answers 410.
    expect(await runGate({ id: 'sunsets', stage: 'deploy' }, { ...ctx, today: '2026-11-01' })).toMatchObject({ ok: false, details: ['pets/openapi.yaml  getOld  sunset 2026-11-01, OVERDUE from today'] });
    expect((await runGate({ id: 'sunsets', stage: 'deploy' }, { ...ctx, today: '2026-10-31' })).ok).toBe(true);
  });

  it('deprecation: info.x-lifecycle needs a sunset date and a successor', async () => {
    project.write('contracts/pets/openapi.yaml', contract({ 'x-lifecycle': { stage: 'maintain', owner: 'o', sunset: 'soon' } }, { '/a': { get: op('getA') } }));
    expect(await runGate({ id: 'deprecation', stage: 'deprecated' }, await context())).toMatchObject({ ok: false, details: ['pets/openapi.yaml: info.x-lifecycle has sunset "soon" is not a date (YYYY-MM-DD) and no successor'] });
    project.write('contracts/pets/openapi.yaml', contract({ 'x-lifecycle': { stage: 'maintain', owner: 'o', sunset: '2027-06-30', successor: 'animals' } }, { '/a': { get: op('getA') } }));
    expect((await runGate({ id: 'deprecation', stage: 'deprecated' }, await context())).ok).toBe(true);
  });

  it('retirement: every operation deprecated and past its sunset (or retired)', async () => {
    const paths = (sunset: string) => ({ '/a': { get: op('getA', { stage: 'deprecated', sunset, successor: 'x' }) }, '/b': { get: op('getB', { stage: 'retired', sunset: '2026-01-01' }) } });
    project.write('contracts/pets/openapi.yaml', contract({ 'x-lifecycle': { stage: 'deprecated', owner: 'o' } }, { ...paths('2026-12-01'), '/c': { get: op('getC') } }));
    expect(await runGate({ id: 'retirement', stage: 'retired' }, await context())).toMatchObject({
      ok: false,
      details: ['pets/openapi.yaml  getA  sunset 2026-12-01 has not come', 'pets/openapi.yaml  getC  is not deprecated'],
    });
    project.write('contracts/pets/openapi.yaml', contract({ 'x-lifecycle': { stage: 'deprecated', owner: 'o' } }, paths('2026-11-24')));
    expect((await runGate({ id: 'retirement', stage: 'retired' }, await context())).ok).toBe(true);
  });
});

describe('promote', () => {
  let project: TempProject;
  let config: ProjectConfig;
  const ran: string[] = [];
  const runner =
    (ok = true): CommandRunner =>
    async (command) => {
      ran.push(command);
      return { ok, code: ok ? 0 : 1, timedOut: false, tail: [], durationMs: 1 };
    };
  const read = () => ['openapi', 'asyncapi'].map((k) => readFileSync(project.path(`contracts/pets/${k}.yaml`), 'utf8'));
  const apis = async () => selectContracts(await listApis(config), 'pets', project.root, config.contracts);

  beforeEach(async () => {
    project = tempProject('contracts: contracts\nlint:\n  cache: false\npolicy:\n  commands:\n    tests: run-tests {service}\n');
    config = await loadProjectConfig(project.root);
    await writeNewApi(planNewApi(config, { service: 'pets', kinds: ['openapi', 'asyncapi'] }));
    ran.length = 0;
  });
  afterEach(() => project.remove());

  it('all gates pass: the stage is written into both contracts, nothing else changes', async () => {
    const before = read();
    const report = await promote(config, await apis(), 'test', { today: TODAY, cwd: project.root, run: runner() });
    expect(report.gates.map((g) => [g.id, g.ok])).toEqual([['lint', true], ['generated', true], ['tests', true]]);
    expect(report.status).toBe('promoted');
    expect(report.contracts.map((c) => [c.path, c.from, c.written])).toEqual([['pets/asyncapi.yaml', 'plan', true], ['pets/openapi.yaml', 'plan', true]]);
    expect(ran).toEqual(['run-tests pets']);
    const after = read();
    for (const [i, text] of before.entries()) expect(after[i]).toBe(text.replace('    stage: plan\n', '    stage: test\n'));
  });

  it('a failing gate, or --dry-run, writes nothing', async () => {
    const before = read();
    expect((await promote(config, await apis(), 'test', { today: TODAY, cwd: project.root, run: runner(false) })).status).toBe('blocked');
    expect(read()).toEqual(before);
    expect((await promote(config, await apis(), 'test', { today: TODAY, cwd: project.root, run: runner(), dryRun: true })).status).toBe('would-promote');
    expect(read()).toEqual(before);
  });

  it('backwards needs force (no gate runs without it); the current stage is a no-op', async () => {
    await promote(config, await apis(), 'design', { today: TODAY, cwd: project.root });
    const backwards = await promote(config, await apis(), 'plan', { today: TODAY, cwd: project.root });
    expect(backwards).toMatchObject({ status: 'backwards', gates: [] });
    const same = await promote(config, await apis(), 'design', { today: TODAY, cwd: project.root, run: runner() });
    expect(same).toMatchObject({ status: 'unchanged', gates: [] });
    expect((await promote(config, await apis(), 'plan', { today: TODAY, cwd: project.root, force: true })).status).toBe('promoted');
    expect(read().every((t) => t.includes('    stage: plan\n'))).toBe(true);
  });

  it('selectContracts: a service folder or one contract, from cwd or from the contracts root', async () => {
    const all = await listApis(config);
    const paths = (selector: string, cwd = project.root) => selectContracts(all, selector, cwd, config.contracts).map((a) => a.path);
    expect(paths('pets')).toEqual(['pets/asyncapi.yaml', 'pets/openapi.yaml']);
    expect(paths('contracts/pets')).toEqual(['pets/asyncapi.yaml', 'pets/openapi.yaml']);
    expect(paths('pets/openapi.yaml')).toEqual(['pets/openapi.yaml']);
    expect(paths('openapi.yaml', project.path('contracts/pets'))).toEqual(['pets/openapi.yaml']);
    expect(paths('pet')).toEqual([]);
    expect(paths('contracts')).toEqual([]);
  });
});
