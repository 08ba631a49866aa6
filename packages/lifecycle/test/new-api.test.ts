import { readFileSync, writeFileSync } from 'node:fs';
import { loadProjectConfig } from '@apilife/contract';
import { tempProject, type TempProject } from '@apilife/test-utils';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isServiceName, planNewApi, writeNewApi } from '../src/index.ts';

describe('isServiceName', () => {
  const table: [string, boolean][] = [
    ['billing', true],
    ['billing-reports', true],
    ['v2-api', true],
    ['Billing', false],
    ['billing_reports', false],
    ['-billing', false],
    ['billing-', false],
    ['billing--reports', false],
    ['2fa', false],
    ['_shared', false],
    ['a/b', false],
    ['', false],
  ];
  it.each(table)('%j → %s', (name, want) => expect(isServiceName(name)).toBe(want));
});

describe('planNewApi', () => {
  let project: TempProject;
  beforeEach(() => {
    project = tempProject();
  });
  afterEach(() => project.remove());

  it('plan stage, owner team-<service>, titles from the service name; the same bytes every time', async () => {
    const config = await loadProjectConfig(project.root);
    const plan = planNewApi(config, { service: 'billing-reports', kinds: ['openapi', 'asyncapi'] });
    expect(plan).toMatchObject({ owner: 'team-billing-reports', title: 'Billing Reports' });
    const [openapi, asyncapi] = plan.contracts.map((c) => parse(c.text));
    expect(openapi.info).toMatchObject({
      title: 'Billing Reports API',
      version: '0.1.0',
      'x-lifecycle': { stage: 'plan', owner: 'team-billing-reports' },
    });
    expect(asyncapi.info).toMatchObject({
      title: 'Billing Reports messaging',
      version: '0.1.0',
      'x-lifecycle': { stage: 'plan', owner: 'team-billing-reports' },
    });
    expect(asyncapi.channels.exampleEvents.address).toBe('billing-reports.examples.{exampleId}.events');
    // The planning facts a reviewer needs, to fill in (the design gate refuses the placeholder).
    const planning = {
      audience: 'TO FILL IN',
      consumers: ['TO FILL IN'],
      dataClassification: 'TO FILL IN',
      slo: { availability: 'TO FILL IN', latencyP99Ms: 'TO FILL IN' },
    };
    for (const contract of [openapi, asyncapi]) expect(contract.info['x-lifecycle'].planning).toEqual(planning);
    expect(plan.contracts[0]!.text).toMatch(/^ {6}# Who may call it: public \(anyone, through the gateway\), partner/m);
    expect(planNewApi(config, { service: 'billing-reports', kinds: ['openapi', 'asyncapi'] }).contracts.map((c) => c.text)).toEqual(
      plan.contracts.map((c) => c.text),
    );
    expect(plan.contracts.map((c) => c.text).join('\n')).not.toMatch(new RegExp(new Date().toISOString().slice(0, 10)));
  });

  it('quotes what YAML would misread in the owner and title', async () => {
    const config = await loadProjectConfig(project.root);
    const plan = planNewApi(config, { service: 'pets', kinds: ['openapi'], owner: 'yes', title: 'Pets: the #1 store' });
    expect(parse(plan.contracts[0]!.text).info).toMatchObject({ title: 'Pets: the #1 store API', 'x-lifecycle': { owner: 'yes' } });
  });

  it('without contracts/_shared the contract defines its problems and pagination; with it, it references them', async () => {
    const config = await loadProjectConfig(project.root);
    const alone = planNewApi(config, { service: 'pets', kinds: ['openapi'] }).contracts[0]!;
    expect(alone.shared).toBe(false);
    expect(alone.text).not.toMatch(/_shared/);
    expect(parse(alone.text).components.responses.BadRequest.content['application/problem+json']).toBeDefined();
    for (const file of ['problem', 'pagination', 'ids']) project.write(`contracts/_shared/${file}.yaml`, { components: {} });
    const shared = planNewApi(config, { service: 'pets', kinds: ['openapi'] }).contracts[0]!;
    expect(shared.shared).toBe(true);
    expect(shared.text).toMatch(/\$ref: '\.\.\/_shared\/problem\.yaml#\/components\/responses\/BadRequest'/);
  });

  it('contact and license follow the other contracts when they all agree', async () => {
    const info = (owner: string, team: string) => ({
      title: owner,
      version: '1.0.0',
      contact: { name: `${team} team`, email: `${owner}@corp.example`, url: `https://corp.example/teams/${team}` },
      license: { name: 'Apache 2.0', identifier: 'Apache-2.0' },
      'x-lifecycle': { stage: 'deploy', owner },
    });
    project.write('contracts/orders/openapi.yaml', { openapi: '3.1.0', info: info('team-orders', 'orders'), paths: {} });
    project.write('contracts/stock/openapi.yaml', { openapi: '3.1.0', info: info('team-stock', 'stock'), paths: {} });
    const config = await loadProjectConfig(project.root);
    const { contracts } = planNewApi(config, { service: 'pets', kinds: ['openapi', 'asyncapi'], owner: 'team-animals' });
    const [openapi, asyncapi] = contracts.map((c) => parse(c.text).info);
    expect(openapi).toMatchObject({
      contact: { name: 'team-animals', email: 'team-animals@corp.example', url: 'https://corp.example/teams/animals' },
      license: { name: 'Apache 2.0', identifier: 'Apache-2.0' },
    });
    // No AsyncAPI contract to learn the license from (AsyncAPI licenses have no identifier).
    expect(asyncapi.license).toBeUndefined();
    project.write('contracts/stock/openapi.yaml', {
      openapi: '3.1.0',
      info: { ...info('team-stock', 'stock'), license: { name: 'MIT', identifier: 'MIT' } },
      paths: {},
    });
    expect(parse(planNewApi(config, { service: 'pets', kinds: ['openapi'] }).contracts[0]!.text).info.license).toBeUndefined();
  });

  it('refuses a name that is not kebab-case and a contract that exists; writes nothing then', async () => {
    const config = await loadProjectConfig(project.root);
    expect(() => planNewApi(config, { service: 'Pets', kinds: ['openapi'] })).toThrow(/not a service name: use kebab-case/);
    const existing = project.write('contracts/pets/asyncapi.yaml', 'asyncapi: 3.0.0\n');
    expect(() => planNewApi(config, { service: 'pets', kinds: ['openapi', 'asyncapi'] })).toThrow(
      /asyncapi\.yaml already exists: nothing written/,
    );
    expect(readFileSync(existing, 'utf8')).toBe('asyncapi: 3.0.0\n');
    const plan = planNewApi(config, { service: 'pets', kinds: ['openapi'] });
    writeFileSync(project.path('contracts/pets/openapi.yaml'), 'keep me\n');
    await expect(writeNewApi(plan)).rejects.toThrow(/already exists: not overwritten/);
    expect(readFileSync(project.path('contracts/pets/openapi.yaml'), 'utf8')).toBe('keep me\n');
  });
});
