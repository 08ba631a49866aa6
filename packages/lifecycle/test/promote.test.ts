import { readFileSync, writeFileSync } from 'node:fs';
import { loadProjectConfig, type LifecycleStage, type ProjectConfig } from '@apilife/contract';
import { fillInTemplate, tempProject, type TempProject } from '@apilife/test-utils';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import {
  fillPlaceholders,
  gatesFor,
  listApis,
  planNewApi,
  promote,
  runShellCommand,
  selectContracts,
  writeNewApi,
  type CommandRunner,
} from '../src/index.ts';
import { regenerate } from '../src/gates.ts';
import { runGate, type GateContext, type GateId } from '../src/stage-gates.ts';
import { send } from '../../broker/test/pacts-fixtures.ts';
import { testBroker } from '../../broker/test/support.ts';

const TODAY = '2026-11-25';

describe('gatesFor', () => {
  const table: [LifecycleStage, GateId[]][] = [
    ['plan', []],
    ['design', ['lint', 'planning', 'template']],
    ['develop', ['lint', 'planning', 'template', 'generated']],
    ['test', ['lint', 'planning', 'template', 'generated', 'tests']],
    ['deploy', ['lint', 'planning', 'template', 'generated', 'tests', 'verify', 'docs', 'sunsets']],
    ['maintain', ['lint', 'planning', 'template', 'generated', 'tests', 'verify', 'docs', 'sunsets']],
    ['deprecated', ['lint', 'planning', 'template', 'generated', 'tests', 'verify', 'docs', 'sunsets', 'deprecation']],
    ['retired', ['lint', 'planning', 'template', 'generated', 'tests', 'verify', 'docs', 'deprecation', 'retirement']],
  ];
  it.each(table)('%s: %j', (stage, want) => expect(gatesFor(stage).map((g) => g.id)).toEqual(want));
});

describe('fillPlaceholders', () => {
  it('fills the four placeholders, quoting what the shell would split', () => {
    expect(
      fillPlaceholders('t {service} {contract} {api} {kind} {other}', {
        service: 'pets',
        contract: 'contracts/pets/openapi.yaml',
        api: 'pets/openapi.yaml',
        kind: 'openapi',
      }),
    ).toBe('t pets contracts/pets/openapi.yaml pets/openapi.yaml openapi {other}');
    expect(fillPlaceholders('cat {contract}', { service: 's', contract: "my dir/it's.yaml", api: 'a', kind: 'openapi' })).toBe(
      `cat 'my dir/it'\\''s.yaml'`,
    );
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
  const op = (id: string, lifecycle?: Record<string, string>) => ({
    operationId: id,
    ...(lifecycle ? { deprecated: true, 'x-lifecycle': lifecycle } : {}),
    responses: { '200': { description: 'ok' } },
  });
  const contract = (info: object, paths: object) => ({ openapi: '3.1.0', info: { title: 'Pets', version: '1.0.0', ...info }, paths });

  beforeEach(() => {
    project = tempProject();
    ran.length = 0;
  });
  afterEach(() => project.remove());

  it('a command gate without a command fails, naming the key to set', async () => {
    project.write(
      'contracts/pets/openapi.yaml',
      contract({ 'x-lifecycle': { stage: 'develop', owner: 'o' } }, { '/a': { get: op('getA') } }),
    );
    const result = await runGate({ id: 'tests', stage: 'test' }, await context());
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^not configured: set policy\.commands\.tests in apilife\.config\.yaml/),
    });
  });

  it('runs a command once per contract unless it comes out the same; a failure shows its output', async () => {
    project.write(
      'contracts/pets/openapi.yaml',
      contract({ 'x-lifecycle': { stage: 'develop', owner: 'o' } }, { '/a': { get: op('getA') } }),
    );
    project.write('contracts/pets/asyncapi.yaml', {
      asyncapi: '3.0.0',
      info: { title: 'Pet events', version: '1.0.0', 'x-lifecycle': { stage: 'develop', owner: 'o' } },
    });
    const ctx = await context({ tests: 'test {service}', docs: 'docs {kind} {contract} {api}' });
    expect(ctx.apis).toHaveLength(2);
    expect((await runGate({ id: 'tests', stage: 'test' }, ctx)).ok).toBe(true);
    expect((await runGate({ id: 'docs', stage: 'deploy' }, ctx)).commands).toEqual([
      'docs asyncapi contracts/pets/asyncapi.yaml pets/asyncapi.yaml',
      'docs openapi contracts/pets/openapi.yaml pets/openapi.yaml',
    ]);
    expect(ran).toEqual([
      'test pets',
      'docs asyncapi contracts/pets/asyncapi.yaml pets/asyncapi.yaml',
      'docs openapi contracts/pets/openapi.yaml pets/openapi.yaml',
    ]);
    const failed = await runGate({ id: 'tests', stage: 'test' }, { ...ctx, run: fakeRunner(/test/) });
    expect(failed).toMatchObject({ ok: false, message: '`test pets` exited with 1', details: ['FAILED: expected 1 to be 2'] });
  });

  it('sunsets: a deprecated operation past its sunset and not retired fails; retired ones pass', async () => {
    project.write(
      'contracts/pets/openapi.yaml',
      contract(
        { 'x-lifecycle': { stage: 'test', owner: 'o' } },
        {
          '/a': { get: op('getOld', { stage: 'deprecated', sunset: '2026-11-01', successor: 'getA' }) },
          '/b': { get: op('getGone', { stage: 'retired', sunset: '2026-01-01', successor: 'getA' }) },
          '/c': { get: op('getA') },
        },
      ),
    );
    const ctx = await context();
    const result = await runGate({ id: 'sunsets', stage: 'deploy' }, ctx);
    expect(result).toMatchObject({ ok: false, details: ['pets/openapi.yaml  getOld  sunset 2026-11-01, OVERDUE by 24 days'] });
    // The sunset day itself counts: from that day the generated server answers 410.
    expect(await runGate({ id: 'sunsets', stage: 'deploy' }, { ...ctx, today: '2026-11-01' })).toMatchObject({
      ok: false,
      details: ['pets/openapi.yaml  getOld  sunset 2026-11-01, OVERDUE from today'],
    });
    expect((await runGate({ id: 'sunsets', stage: 'deploy' }, { ...ctx, today: '2026-10-31' })).ok).toBe(true);
  });

  it('deprecation: info.x-lifecycle needs a sunset date and a successor', async () => {
    project.write('contracts/animals/openapi.yaml', contract({ 'x-lifecycle': { stage: 'design', owner: 'o' } }, {}));
    project.write(
      'contracts/pets/openapi.yaml',
      contract({ 'x-lifecycle': { stage: 'maintain', owner: 'o', sunset: 'soon' } }, { '/a': { get: op('getA') } }),
    );
    expect(await runGate({ id: 'deprecation', stage: 'deprecated' }, await context())).toMatchObject({
      ok: false,
      details: [
        'contracts/pets/openapi.yaml:8  info.x-lifecycle.sunset "soon" is not a date (YYYY-MM-DD)',
        'contracts/pets/openapi.yaml:5  info.x-lifecycle has no successor: name the contract clients move to, as a path under the contracts root (e.g. pets-v2/openapi.yaml)',
      ],
    });
    project.write(
      'contracts/pets/openapi.yaml',
      contract(
        { 'x-lifecycle': { stage: 'maintain', owner: 'o', sunset: '2027-06-30', successor: 'animals/openapi.yaml' } },
        { '/a': { get: op('getA') } },
      ),
    );
    expect((await runGate({ id: 'deprecation', stage: 'deprecated' }, await context())).ok).toBe(true);
  });

  describe('deprecation: the sunset gives the notice of the stage left; the successor is a contract that exists', () => {
    const table: [string, { stage?: string; sunset: string; successor: string; sunsetDays?: number; want: RegExp | 'ok' }][] = [
      [
        '30 days from maintain',
        {
          stage: 'maintain',
          sunset: '2026-12-25',
          successor: 'animals/openapi.yaml',
          want: /sunset 2026-12-25 is 30 days away; a maintain API gives its clients at least 90 days \(policy\.stages\.maintain\.sunsetDays\): move it to 2027-02-23 or later$/,
        },
      ],
      ['90 days from maintain', { stage: 'maintain', sunset: '2027-02-23', successor: 'animals/openapi.yaml', want: 'ok' }],
      ['30 days from deploy', { stage: 'deploy', sunset: '2026-12-25', successor: 'animals/openapi.yaml', want: 'ok' }],
      [
        'the project’s own notice',
        {
          stage: 'deploy',
          sunset: '2026-12-25',
          successor: 'animals/openapi.yaml',
          sunsetDays: 45,
          want: /is 30 days away; a deploy API gives its clients at least 45 days \(policy\.stages\.deploy\.sunsetDays\): move it to 2027-01-09 or later$/,
        },
      ],
      [
        'a sunset already past',
        {
          stage: 'test',
          sunset: '2026-11-20',
          successor: 'animals/openapi.yaml',
          want: /sunset 2026-11-20 is 5 days ago; a test API gives its clients at least 14 days/,
        },
      ],
      [
        'no stage: held to maintain',
        { sunset: '2027-01-01', successor: 'animals/openapi.yaml', want: /a maintain API gives its clients at least 90 days/ },
      ],
      [
        'already deprecated (on to retired): the notice was given then',
        { stage: 'deprecated', sunset: '2026-11-26', successor: 'animals/openapi.yaml', want: 'ok' },
      ],
      [
        'a successor that does not exist',
        {
          stage: 'maintain',
          sunset: '2027-06-30',
          successor: 'pets-v2/openapi.yaml',
          want: /successor pets-v2\/openapi\.yaml does not exist: name the contract clients move to/,
        },
      ],
      [
        'the API itself',
        {
          stage: 'maintain',
          sunset: '2027-06-30',
          successor: './pets/openapi.yaml',
          want: /successor \.\/pets\/openapi\.yaml is the API itself/,
        },
      ],
      [
        'a service, not a contract',
        {
          stage: 'maintain',
          sunset: '2027-06-30',
          successor: 'animals',
          want: /successor animals is a service: name its contract \(animals\/openapi\.yaml\)/,
        },
      ],
      [
        'a retired successor',
        { stage: 'maintain', sunset: '2027-06-30', successor: 'old/openapi.yaml', want: /successor old\/openapi\.yaml is retired/ },
      ],
      [
        'a file that is no contract',
        {
          stage: 'maintain',
          sunset: '2027-06-30',
          successor: 'notes/todo.yaml',
          want: /successor notes\/todo\.yaml is not a contract apilife can read \(apilife lint contracts\/notes\/todo\.yaml says why\)/,
        },
      ],
      [
        'outside the contracts root',
        {
          stage: 'maintain',
          sunset: '2027-06-30',
          successor: '../pets.yaml',
          want: /successor \.\.\/pets\.yaml is not under the contracts root/,
        },
      ],
    ];
    it.each(table)('%s', async (_, { stage, sunset, successor, sunsetDays, want }) => {
      project.write('contracts/animals/openapi.yaml', contract({ 'x-lifecycle': { stage: 'design', owner: 'o' } }, {}));
      project.write('contracts/old/openapi.yaml', contract({ 'x-lifecycle': { stage: 'retired', owner: 'o' } }, {}));
      project.write('contracts/notes/todo.yaml', 'todo:\n  - write the notes\n');
      project.write(
        'contracts/pets/openapi.yaml',
        contract({ 'x-lifecycle': { ...(stage ? { stage } : {}), owner: 'o', sunset, successor } }, { '/a': { get: op('getA') } }),
      );
      const ctx = await context();
      if (sunsetDays !== undefined) ctx.config.policy.stages.deploy.sunsetDays = sunsetDays;
      const result = await runGate({ id: 'deprecation', stage: 'deprecated' }, ctx);
      if (want === 'ok') expect(result).toMatchObject({ ok: true, details: [] });
      else expect(result).toMatchObject({ ok: false, details: [expect.stringMatching(want)] });
    });
  });

  it('planning: a contract without info.x-lifecycle.planning is refused, naming what to add; with it, it passes', async () => {
    project.write('contracts/pets/openapi.yaml', contract({ 'x-lifecycle': { stage: 'plan', owner: 'o' } }, { '/a': { get: op('getA') } }));
    expect(await runGate({ id: 'planning', stage: 'design' }, await context())).toMatchObject({
      ok: false,
      details: [
        'contracts/pets/openapi.yaml:5  info.x-lifecycle.planning is missing: add planning: { audience, consumers, dataClassification, slo: { availability, latencyP99Ms } }',
      ],
    });
    const planning = {
      audience: 'partner',
      consumers: ['team-partners'],
      dataClassification: 'confidential',
      slo: { availability: '99.95%', latencyP99Ms: 250 },
    };
    project.write(
      'contracts/pets/openapi.yaml',
      contract({ 'x-lifecycle': { stage: 'plan', owner: 'o', planning } }, { '/a': { get: op('getA') } }),
    );
    expect(await runGate({ id: 'planning', stage: 'design' }, await context())).toMatchObject({ ok: true, details: [] });
  });

  it('generated: a contract no generate entry names fails, showing the entry to add', async () => {
    project.write(
      'contracts/pets/openapi.yaml',
      contract({ 'x-lifecycle': { stage: 'design', owner: 'o' } }, { '/a': { get: op('getA') } }),
    );
    const result = await runGate({ id: 'generated', stage: 'develop' }, await context());
    expect(result).toMatchObject({
      ok: false,
      message:
        'no generate entry names pets/openapi.yaml: an API in development is built from its contract; add an entry to generate in apilife.config.yaml, e.g.',
      details: ['- { contract: contracts/pets/openapi.yaml, targets: [server], out: services/pets/src/generated/pets }'],
    });
  });

  it('retirement: every operation deprecated and past its sunset (or retired)', async () => {
    const paths = (sunset: string) => ({
      '/a': { get: op('getA', { stage: 'deprecated', sunset, successor: 'x' }) },
      '/b': { get: op('getB', { stage: 'retired', sunset: '2026-01-01' }) },
    });
    project.write(
      'contracts/pets/openapi.yaml',
      contract({ 'x-lifecycle': { stage: 'deprecated', owner: 'o' } }, { ...paths('2026-12-01'), '/c': { get: op('getC') } }),
    );
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
  const files = ['openapi', 'asyncapi'].map((k) => `contracts/pets/${k}.yaml`);
  const read = () => files.map((f) => readFileSync(project.path(f), 'utf8'));
  const edit = (change: (text: string) => string) => {
    for (const f of files) writeFileSync(project.path(f), change(readFileSync(project.path(f), 'utf8')));
  };
  const apis = async () => selectContracts(await listApis(config), 'pets', project.root, config.contracts);
  /** `contracts/pets/<kind>.yaml:<line>` of the first line holding `text` (after the line `after`). */
  const at = (kind: string, text: string, after?: string) => {
    const lines = readFileSync(project.path(`contracts/pets/${kind}.yaml`), 'utf8').split('\n');
    const start = after === undefined ? -1 : lines.indexOf(after);
    return `contracts/pets/${kind}.yaml:${lines.findIndex((l, i) => i > start && l.includes(text)) + 1}`;
  };
  const failed = (report: { gates: { id: string; ok: boolean }[] }) => report.gates.filter((g) => !g.ok).map((g) => g.id);
  const generateCode = async () => {
    const { generate, planUnits, TARGETS } = await import('@apilife/codegen');
    await generate(planUnits(config.generate, TARGETS, config.file), { projectDir: config.dir, contractsRoot: config.contracts });
  };
  const GENERATE =
    'generate:\n  - { contract: contracts/pets/openapi.yaml, targets: [types], out: gen/pets }\n  - { contract: contracts/pets/asyncapi.yaml, targets: [messaging], out: gen/pets-messaging }\n';
  const COMMANDS = 'policy:\n  commands:\n    tests: run-tests {service}\n    verify: verify {service}\n    docs: docs {api}\n';

  beforeEach(async () => {
    project = tempProject(`contracts: contracts\nlint:\n  cache: false\n${GENERATE}${COMMANDS}`);
    config = await loadProjectConfig(project.root);
    await writeNewApi(planNewApi(config, { service: 'pets', kinds: ['openapi', 'asyncapi'] }));
    ran.length = 0;
  });
  afterEach(() => project.remove());

  describe('an untouched apilife new template', () => {
    it('design refuses it, naming each planning fact still TO FILL IN and each piece of the template, with its line', async () => {
      const before = read();
      const report = await promote(config, await apis(), 'design', { today: TODAY, cwd: project.root });
      expect(report.status).toBe('blocked');
      expect(report.gates.map((g) => [g.id, g.ok])).toEqual([
        ['lint', true],
        ['planning', false],
        ['template', false],
      ]);
      const [planning, template] = report.gates.slice(1);
      expect(planning!.message).toBe(
        '10 planning facts missing or not filled in: a reviewer needs the audience, consumers, data classification and service-level objectives (info.x-lifecycle.planning)',
      );
      expect(planning!.details).toEqual(
        ['asyncapi', 'openapi'].flatMap((kind) => [
          `${at(kind, 'audience: TO FILL IN')}  info.x-lifecycle.planning.audience is still "TO FILL IN": say who may call it (public, partner or internal)`,
          `${at(kind, '- TO FILL IN')}  info.x-lifecycle.planning.consumers[0] is still "TO FILL IN": name a service or team`,
          `${at(kind, 'dataClassification: TO FILL IN')}  info.x-lifecycle.planning.dataClassification is still "TO FILL IN": give the most sensitive data it carries (public, internal, confidential or restricted)`,
          `${at(kind, 'availability: TO FILL IN')}  info.x-lifecycle.planning.slo.availability is still "TO FILL IN": give the availability objective over 30 days, a percentage below 100% (99.9%)`,
          `${at(kind, 'latencyP99Ms: TO FILL IN')}  info.x-lifecycle.planning.slo.latencyP99Ms is still "TO FILL IN": give the 99th-percentile latency objective in whole milliseconds, of a response or of a message from publish to delivery (300)`,
        ]),
      );
      expect(template!.message).toBe(
        '14 places still hold the apilife new template: replace the example with the first real operations and write what says TO FILL IN',
      );
      expect(template!.details).toEqual([
        `${at('asyncapi', 'description: |')}  info.description still says "TO FILL IN"`,
        `${at('asyncapi', 'The NATS cluster (to fill in)')}  servers.nats.description still says "(to fill in)"`,
        `${at('asyncapi', '  exampleEvents:', 'channels:')}  channel exampleEvents is the template's example`,
        `${at('asyncapi', '  publishExampleEvents:', 'operations:')}  operation publishExampleEvents is the template's example`,
        `${at('asyncapi', '    exampleEvents:', 'components:')}  tag exampleEvents is the template's example`,
        `${at('asyncapi', '    exampleId:', 'components:')}  parameter exampleId is the template's example`,
        `${at('asyncapi', '    ExampleCreated:', 'components:')}  message ExampleCreated is the template's example`,
        `${at('asyncapi', '    ExampleCreatedPayload:', 'components:')}  schema ExampleCreatedPayload is the template's example`,
        `${at('openapi', 'description: |')}  info.description still says "TO FILL IN"`,
        `${at('openapi', "The service's endpoint (to fill in)")}  servers[0].description still says "(to fill in)"`,
        `${at('openapi', '- name: Examples')}  tag Examples is the template's example`,
        `${at('openapi', '  /v1/examples:')}  path /v1/examples is the template's example`,
        `${at('openapi', '    Example:', 'components:')}  schema Example is the template's example`,
        `${at('openapi', '    ExamplePage:', 'components:')}  schema ExamplePage is the template's example`,
      ]);
      expect(read()).toEqual(before);
    });

    it('filled in, design passes; a planning fact left out is refused by name', async () => {
      edit((text) => fillInTemplate(text, { dataClassification: null }));
      const missing = await promote(config, await apis(), 'design', { today: TODAY, cwd: project.root });
      expect(failed(missing)).toEqual(['planning']);
      expect(missing.gates[1]!.details).toEqual(
        ['asyncapi', 'openapi'].map(
          (kind) =>
            `${at(kind, '    planning:')}  info.x-lifecycle.planning.dataClassification is missing: give the most sensitive data it carries (public, internal, confidential or restricted)`,
        ),
      );
      edit((text) => text.replace('      slo:\n', '      dataClassification: confidential\n      slo:\n'));
      const report = await promote(config, await apis(), 'design', { today: TODAY, cwd: project.root });
      expect(report.gates.map((g) => [g.id, g.ok])).toEqual([
        ['lint', true],
        ['planning', true],
        ['template', true],
      ]);
      expect(report.status).toBe('promoted');
    });

    it('the example renamed but its operation id kept is still found', async () => {
      edit((text) => fillInTemplate(text).replace('operationId: listPets', 'operationId: listExamples'));
      const report = await promote(config, await apis(), 'design', { today: TODAY, cwd: project.root });
      expect(failed(report)).toEqual(['template']);
      expect(report.gates[2]!.details).toEqual([
        `${at('openapi', 'operationId: listExamples')}  operation listExamples is the template's example`,
      ]);
    });
  });

  it('develop needs a generate entry naming each contract (it used to pass with nothing to check)', async () => {
    edit((text) => fillInTemplate(text));
    project.write('apilife.config.yaml', `contracts: contracts\nlint:\n  cache: false\n${COMMANDS}`);
    config = await loadProjectConfig(project.root);
    const report = await promote(config, await apis(), 'develop', { today: TODAY, cwd: project.root });
    expect(failed(report)).toEqual(['generated']);
    expect(report.gates.at(-1)).toMatchObject({
      message:
        'no generate entry names pets/asyncapi.yaml or pets/openapi.yaml: an API in development is built from its contract; add entries to generate in apilife.config.yaml, e.g.',
      details: [
        '- { contract: contracts/pets/asyncapi.yaml, targets: [messaging], out: services/pets/src/generated/pets-messaging }',
        '- { contract: contracts/pets/openapi.yaml, targets: [server], out: services/pets/src/generated/pets }',
      ],
    });
    expect(read().every((t) => t.includes('    stage: plan\n'))).toBe(true);
  });

  describe('filled in and generated', () => {
    beforeEach(async () => {
      edit((text) => fillInTemplate(text));
      await generateCode();
    });

    it('all gates pass: the stage is written into both contracts, nothing else changes', async () => {
      const before = read();
      const report = await promote(config, await apis(), 'test', { today: TODAY, cwd: project.root, run: runner() });
      expect(report.gates.map((g) => [g.id, g.ok])).toEqual([
        ['lint', true],
        ['planning', true],
        ['template', true],
        ['generated', true],
        ['tests', true],
      ]);
      expect(report.status).toBe('promoted');
      expect(report.contracts.map((c) => [c.path, c.from, c.written])).toEqual([
        ['pets/asyncapi.yaml', 'plan', true],
        ['pets/openapi.yaml', 'plan', true],
      ]);
      expect(ran).toEqual(['run-tests pets']);
      const after = read();
      for (const [i, text] of before.entries()) expect(after[i]).toBe(text.replace('    stage: plan\n', '    stage: test\n'));
    });

    it('a failing gate, or --dry-run, writes nothing', async () => {
      const before = read();
      expect((await promote(config, await apis(), 'test', { today: TODAY, cwd: project.root, run: runner(false) })).status).toBe('blocked');
      expect(read()).toEqual(before);
      expect((await promote(config, await apis(), 'test', { today: TODAY, cwd: project.root, run: runner(), dryRun: true })).status).toBe(
        'would-promote',
      );
      expect(read()).toEqual(before);
    });

    it('backwards needs force (no gate runs without it); the current stage is a no-op', async () => {
      expect((await promote(config, await apis(), 'design', { today: TODAY, cwd: project.root })).status).toBe('promoted');
      const backwards = await promote(config, await apis(), 'plan', { today: TODAY, cwd: project.root });
      expect(backwards).toMatchObject({ status: 'backwards', gates: [] });
      const same = await promote(config, await apis(), 'design', { today: TODAY, cwd: project.root, run: runner() });
      expect(same).toMatchObject({ status: 'unchanged', gates: [] });
      expect((await promote(config, await apis(), 'plan', { today: TODAY, cwd: project.root, force: true })).status).toBe('promoted');
      expect(read().every((t) => t.includes('    stage: plan\n'))).toBe(true);
    });

    it('deprecated from maintain: 30 days of notice is refused (90 needed), a successor that does not exist too; both right, it passes', async () => {
      const deprecate = (sunset: string, successor: (kind: string) => string) =>
        files.forEach((f, i) => {
          const kind = ['openapi', 'asyncapi'][i]!;
          const text = readFileSync(project.path(f), 'utf8').replace(
            / {4}stage: \w+\n( {4}sunset: .*\n {4}successor: .*\n)?/,
            `    stage: maintain\n    sunset: ${sunset}\n    successor: ${successor(kind)}\n`,
          );
          writeFileSync(project.path(f), text);
        });
      // A sunset changes what the generated server answers: it is regenerated, as `apilife generate` would.
      const regenerated = () =>
        regenerate(
          config,
          files.map((f) => project.path(f)),
        );
      // verify (a deploy gate, inherited) asks a broker can-i-deploy: pets 1.0.0 has no consumers, so yes.
      const broker = await testBroker('pglite');
      onTestFinished(() => broker.close());
      expect((await send(`${broker.url}/environments`, 'POST', { name: 'production', production: true })).status).toBe(201);
      expect((await send(`${broker.url}/pacticipants/pets/versions/1.0.0`, 'PUT', {})).status).toBeLessThan(300);
      const deploy = { broker: { url: broker.url }, version: '1.0.0' };
      deprecate('2026-12-25', (kind) => `pets-v2/${kind}.yaml`);
      await regenerated();
      const refused = await promote(config, await apis(), 'deprecated', { today: TODAY, cwd: project.root, run: runner(), ...deploy });
      expect(failed(refused)).toEqual(['deprecation']);
      expect(refused.gates.at(-1)!.details).toEqual(
        ['asyncapi', 'openapi'].flatMap((kind) => [
          `${at(kind, 'sunset: 2026-12-25')}  info.x-lifecycle.sunset 2026-12-25 is 30 days away; a maintain API gives its clients at least 90 days (policy.stages.maintain.sunsetDays): move it to 2027-02-23 or later`,
          `${at(kind, 'successor: pets-v2')}  info.x-lifecycle.successor pets-v2/${kind}.yaml does not exist: name the contract clients move to, as a path under the contracts root (e.g. pets-v2/${kind}.yaml)`,
        ]),
      );
      await writeNewApi(planNewApi(config, { service: 'pets-v2', kinds: ['openapi', 'asyncapi'] }));
      expect(
        failed(await promote(config, await apis(), 'deprecated', { today: TODAY, cwd: project.root, run: runner(), ...deploy })),
      ).toEqual(['deprecation']);
      deprecate('2027-02-23', (kind) => `pets-v2/${kind}.yaml`);
      await regenerated();
      const passed = await promote(config, await apis(), 'deprecated', { today: TODAY, cwd: project.root, run: runner(), ...deploy });
      expect(passed.gates.at(-1)).toMatchObject({
        id: 'deprecation',
        ok: true,
        message:
          'sunset and successor set: pets/asyncapi.yaml 2027-02-23 → pets-v2/asyncapi.yaml, pets/openapi.yaml 2027-02-23 → pets-v2/openapi.yaml',
      });
      expect(passed.status).toBe('promoted');
      expect(read().every((t) => t.includes('    stage: deprecated\n'))).toBe(true);
    });
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
