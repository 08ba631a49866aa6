/**
 * The lifecycle against a real broker (`apilife broker` on PGlite and PostgreSQL), seeded through
 * its HTTP API as the official clients seed it: can-i-retire in `apilife check`, the consumers in
 * `lifecycle status`, and can-i-deploy as the verify gate of a promotion to deploy.
 */
import { execFileSync } from 'node:child_process';
import { loadProjectConfig, type ProjectConfig } from '@apilife/contract';
import { tempProject, type TempProject } from '@apilife/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBody, send } from '../../broker/test/pacts-fixtures.ts';
import { ENGINES, testBroker } from '../../broker/test/support.ts';
import type { RunningBroker } from '../../broker/src/serve.ts';
import { check, lifecycleStatus, listApis, runShellCommand, selectContracts, withBrokerConsumers, type Finding } from '../src/index.ts';
import { runGate } from '../src/stage-gates.ts';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TODAY = '2026-11-25';

/** The provider `orders`: list and get, in stage maintain (no breaking change, 90 days of notice). */
function ordersContract(version: string): Doc {
  const order = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } };
  return {
    openapi: '3.1.0',
    info: { title: 'Orders', version, 'x-lifecycle': { stage: 'maintain', owner: 'team-orders' } },
    servers: [{ url: 'https://orders.example.com/v1' }],
    paths: {
      '/orders': {
        get: {
          operationId: 'listOrders',
          responses: { '200': { description: 'Orders', content: { 'application/json': { schema: order } } } },
        },
      },
      '/orders/{id}': {
        get: {
          operationId: 'getOrder',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'An order', content: { 'application/json': { schema: order } } } },
        },
      },
    },
  };
}

/** The events of `orders`: OrderPlaced sent on orders.placed. */
function ordersEvents(version: string): Doc {
  return {
    asyncapi: '3.0.0',
    info: { title: 'Order events', version, 'x-lifecycle': { stage: 'maintain', owner: 'team-orders' } },
    defaultContentType: 'application/json',
    channels: {
      placed: {
        address: 'orders.placed',
        messages: { OrderPlaced: { name: 'OrderPlaced', payload: { type: 'object', properties: { orderId: { type: 'string' } } } } },
      },
    },
    operations: {
      publishOrderPlaced: {
        action: 'send',
        channel: { $ref: '#/channels/placed' },
        messages: [{ $ref: '#/channels/placed/messages/OrderPlaced' }],
      },
    },
  };
}

/** A consumer's pact with `orders`: HTTP requests (with the server's base path) and messages it expects. */
function pact(consumer: string, paths: string[], messages: { description: string; reference?: string; channel?: string }[] = []): Doc {
  return {
    consumer: { name: consumer },
    provider: { name: 'orders' },
    interactions: [
      ...paths.map((path) => ({
        type: 'Synchronous/HTTP',
        description: `a request for ${path}`,
        request: { method: 'GET', path },
        response: { status: 200 },
      })),
      ...messages.map((m) => ({
        type: 'Asynchronous/Messages',
        description: m.description,
        contents: { contentType: 'application/json', encoded: false, content: { orderId: 'o-1' } },
        metadata: m.channel ? { channel: m.channel } : {},
        ...(m.reference ? { comments: { references: { AsyncAPI: { operationId: m.reference } } } } : {}),
      })),
    ],
    metadata: { pactSpecification: { version: '4.0' } },
  };
}

/** Seeds a broker through its HTTP API: publish, environments, record-deployment/release, verification results. */
function seed(url: string) {
  const ok = async (method: string, path: string, body?: unknown) => {
    const answer = await send(`${url}${path}`, method, body);
    expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    return answer.body;
  };
  const environments = new Map<string, string>();
  return {
    publish: (body: Doc, version: string) => ok('POST', '/contracts/publish', publishBody(body, version)),
    async environment(name: string) {
      const created = await ok('POST', '/environments', { name, production: name === 'production' });
      environments.set(name, created.uuid as string);
    },
    deploy: (pacticipant: string, version: string, environment: string) =>
      ok('POST', `/pacticipants/${pacticipant}/versions/${version}/deployed-versions/environment/${environments.get(environment)}`, {}),
    release: (pacticipant: string, version: string, environment: string) =>
      ok('POST', `/pacticipants/${pacticipant}/versions/${version}/released-versions/environment/${environments.get(environment)}`, {}),
    version: (pacticipant: string, version: string) => ok('PUT', `/pacticipants/${pacticipant}/versions/${version}`, {}),
    async verify(consumer: string, consumerVersion: string, providerVersion: string, success: boolean) {
      const served = await ok('GET', `/pacts/provider/orders/consumer/${consumer}/version/${consumerVersion}`);
      const href = (served._links as Record<string, { href: string }>)['pb:publish-verification-results']!.href;
      const answer = await send(href, 'POST', { success, providerApplicationVersion: providerVersion });
      expect(answer.status).toBe(201);
    },
  };
}

/** A project with the orders contracts committed on main, and the broker in its config. */
function ordersProject(brokerUrl: string | undefined): { project: TempProject; git: (...args: string[]) => void } {
  const project = tempProject(`contracts: contracts\nlint:\n  cache: false\n${brokerUrl ? `broker:\n  url: ${brokerUrl}\n` : ''}`);
  project.write('contracts/orders/openapi.yaml', ordersContract('1.0.0'));
  project.write('contracts/orders/asyncapi.yaml', ordersEvents('1.0.0'));
  const git = (...args: string[]) => {
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: project.root, stdio: 'pipe' });
  };
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  return { project, git };
}

const run = async (project: TempProject) =>
  check(await loadProjectConfig(project.root), { base: 'main', today: TODAY, cwd: project.root, skip: ['lint', 'generated'] });
const inUse = (findings: Finding[]) => findings.filter((f) => f.rule === 'consumer-in-use');

describe.each(ENGINES)('can-i-retire in apilife check (%s)', (engine) => {
  let broker: RunningBroker;
  let project: TempProject;

  beforeAll(async () => {
    broker = await testBroker(engine);
    const s = seed(broker.url);
    await s.environment('production');
    await s.environment('mobile');
    // web 1.0.0 gets an order (through the server's base path) and is deployed; app 3.1 is released in mobile and gets the list.
    await s.publish(
      pact('web', ['/v1/orders/o-1', '/v1/orders'], [{ description: 'an order placed', reference: 'publishOrderPlaced' }]),
      '1.0.0',
    );
    await s.deploy('web', '1.0.0', 'production');
    await s.publish(pact('app', ['/v1/orders'], [{ description: 'an order placed (by channel)', channel: 'orders.placed' }]), '3.1');
    await s.release('app', '3.1', 'mobile');
    // web 0.9.0 used getOrder too, but is deployed nowhere.
    await s.publish(pact('web', ['/v1/orders/o-9']), '0.9.0');
    ({ project } = ordersProject(broker.url));
  });

  afterAll(async () => {
    project?.remove();
    await broker?.close();
  });

  it('removing an operation a deployed consumer uses is refused, naming the consumer, its version, environment and interactions', async () => {
    const changed = ordersContract('2.0.0');
    delete changed.paths['/orders/{id}'];
    project.write('contracts/orders/openapi.yaml', changed);
    const report = await run(project);
    expect(report.canIRetire).toMatchObject({ status: 'checked', retirements: 1 });
    expect(inUse(report.findings)).toEqual([
      expect.objectContaining({
        level: 'error',
        api: 'orders/openapi.yaml',
        change: 'operation-removed-without-deprecation',
        subject: 'GET /orders/{id}',
        message:
          'GET /orders/{id} was removed, but web 1.0.0, production (deployed), still uses it: its pact has 1 interaction on it ("a request for /v1/orders/o-1")',
      }),
    ]);
  });

  it('a sunset sooner than the policy allows is refused for the consumers still using it, in every environment', async () => {
    const changed = ordersContract('1.1.0');
    Object.assign(changed.paths['/orders'].get, {
      deprecated: true,
      'x-lifecycle': { stage: 'deprecated', sunset: '2026-12-01', successor: 'getOrder' },
    });
    project.write('contracts/orders/openapi.yaml', changed);
    const report = await run(project);
    expect(inUse(report.findings).map((f) => [f.subject, f.change, f.message])).toEqual([
      [
        'GET /orders',
        'operation-deprecated',
        'GET /orders gets its sunset 2026-12-01, sooner than the policy allows, but app 3.1, mobile (released), still uses it: its pact has 1 interaction on it ("a request for /v1/orders")',
      ],
      [
        'GET /orders',
        'operation-deprecated',
        'GET /orders gets its sunset 2026-12-01, sooner than the policy allows, but web 1.0.0, production (deployed), still uses it: its pact has 1 interaction on it ("a request for /v1/orders")',
      ],
    ]);
    // With a sunset the policy allows, nobody is refused: the consumers get their time.
    changed.paths['/orders'].get['x-lifecycle'].sunset = '2027-03-01';
    project.write('contracts/orders/openapi.yaml', changed);
    expect(inUse((await run(project)).findings)).toEqual([]);
  });

  it('messages: an AsyncAPI operation removed is matched by reference and by channel', async () => {
    project.write('contracts/orders/openapi.yaml', ordersContract('1.0.0'));
    const events = ordersEvents('2.0.0');
    delete events.operations.publishOrderPlaced;
    project.write('contracts/orders/asyncapi.yaml', events);
    const report = await run(project);
    expect(inUse(report.findings).map((f) => f.message)).toEqual([
      'publishOrderPlaced was removed, but app 3.1, mobile (released), still uses it: its pact has 1 interaction on it ("an order placed (by channel)")',
      'publishOrderPlaced was removed, but web 1.0.0, production (deployed), still uses it: its pact has 1 interaction on it ("an order placed")',
    ]);
    project.write('contracts/orders/asyncapi.yaml', ordersEvents('1.0.0'));
  });

  it('after the consumer deploys a version whose pact drops the operation, the removal is allowed', async () => {
    const s = seed(broker.url);
    await s.environment('staging');
    await s.publish(pact('web', ['/v1/orders'], [{ description: 'an order placed', reference: 'publishOrderPlaced' }]), '1.1.0');
    // record-deployment to production replaces 1.0.0 there (the official CLI would need the environment's uuid: the seed keeps its own).
    const environments = (await send(`${broker.url}/environments`, 'GET')).body._embedded as {
      environments: { name: string; uuid: string }[];
    };
    const production = environments.environments.find((e) => e.name === 'production')!.uuid;
    expect(
      (await send(`${broker.url}/pacticipants/web/versions/1.1.0/deployed-versions/environment/${production}`, 'POST', {})).status,
    ).toBe(201);
    const changed = ordersContract('2.0.0');
    delete changed.paths['/orders/{id}'];
    project.write('contracts/orders/openapi.yaml', changed);
    const report = await run(project);
    expect(inUse(report.findings)).toEqual([]);
    expect(report.canIRetire).toMatchObject({
      status: 'checked',
      message: expect.stringContaining('no deployed or released consumer uses'),
    });
  });

  it('lifecycle status lists the consumers the broker records and who still uses each deprecated operation', async () => {
    const changed = ordersContract('1.1.0');
    Object.assign(changed.paths['/orders'].get, {
      deprecated: true,
      'x-lifecycle': { stage: 'deprecated', sunset: '2027-06-30', successor: 'getOrder' },
    });
    project.write('contracts/orders/openapi.yaml', changed);
    const config = await loadProjectConfig(project.root);
    const apis = await listApis(config);
    const report = await withBrokerConsumers(lifecycleStatus(apis, TODAY, project.root), apis, config);
    expect(report.broker).toEqual({ url: broker.url, error: null });
    const openapi = report.apis.find((a) => a.path === 'orders/openapi.yaml')!;
    expect(openapi.consumers).toEqual(['app', 'web']);
    expect(openapi.deprecated[0]!.consumers).toEqual([
      {
        consumer: 'app',
        version: '3.1',
        environments: [{ environment: 'mobile', how: 'released' }],
        interactions: ['a request for /v1/orders'],
      },
      {
        consumer: 'web',
        version: '1.1.0',
        environments: [{ environment: 'production', how: 'deployed' }],
        interactions: ['a request for /v1/orders'],
      },
    ]);
  });
});

describe('can-i-retire without a broker, or with one that does not answer', () => {
  it('no broker: nothing is refused, and the check says once that can-i-retire was not checked', async () => {
    const { project } = ordersProject(undefined);
    try {
      const changed = ordersContract('2.0.0');
      delete changed.paths['/orders/{id}'];
      project.write('contracts/orders/openapi.yaml', changed);
      const config = await loadProjectConfig(project.root);
      const report = await check(config, { base: 'main', today: TODAY, cwd: project.root, skip: ['lint', 'generated'], broker: null });
      expect(inUse(report.findings)).toEqual([]);
      expect(report.canIRetire).toEqual({
        status: 'not-configured',
        retirements: 1,
        message:
          'can-i-retire not checked for 1 retired operation: no broker configured (set broker.url in apilife.config.yaml, and its token in the variable broker.tokenEnv names, default APILIFE_BROKER_TOKEN)',
      });
    } finally {
      project.remove();
    }
  });

  it('a broker that cannot be reached is an error finding, not a crash', async () => {
    const { project } = ordersProject('http://127.0.0.1:9');
    try {
      const changed = ordersContract('2.0.0');
      delete changed.paths['/orders/{id}'];
      project.write('contracts/orders/openapi.yaml', changed);
      const report = await run(project);
      expect(report.canIRetire?.status).toBe('failed');
      expect(inUse(report.findings)).toEqual([
        expect.objectContaining({
          level: 'error',
          api: 'orders/openapi.yaml',
          message: expect.stringMatching(
            /^cannot ask the broker at http:\/\/127\.0\.0\.1:9 whether a deployed or released consumer still uses GET \/orders\/\{id\}: cannot reach the broker/,
          ),
        }),
      ]);
    } finally {
      project.remove();
    }
  });
});

describe.each(ENGINES)('the verify gate: can-i-deploy (%s)', (engine) => {
  let broker: RunningBroker;
  let project: TempProject;
  let config: ProjectConfig;

  beforeAll(async () => {
    broker = await testBroker(engine);
    const s = seed(broker.url);
    await s.environment('production');
    await s.publish(pact('web', ['/v1/orders/o-1']), '1.0.0');
    await s.deploy('web', '1.0.0', 'production');
    await s.version('orders', '2.0.0');
    await s.version('orders', '2.1.0');
    await s.verify('web', '1.0.0', '2.0.0', true);
    await s.verify('web', '1.0.0', '2.1.0', false);
    await s.version('orders', '2.2.0');
    ({ project } = ordersProject(broker.url));
    config = await loadProjectConfig(project.root);
  });

  afterAll(async () => {
    project?.remove();
    await broker?.close();
  });

  /** The verify gate of a promotion to deploy, for `version` of orders. */
  const verify = async (version: string, options: { broker?: null } = {}) => {
    const apis = selectContracts(await listApis(config), 'orders', project.root, config.contracts);
    const context = { config, apis, today: TODAY, cwd: project.root, run: runShellCommand, version, ...options };
    return runGate({ id: 'verify', stage: 'deploy' }, context);
  };

  it('passes when the broker says yes', async () => {
    const gate = await verify('2.0.0');
    expect(gate).toMatchObject({
      ok: true,
      message: 'can-i-deploy orders 2.0.0 to production: yes, All required verification results are published and successful',
    });
  });

  it('refuses a no (a failed verification) and an unknown (none), with the broker’s reason and the rows', async () => {
    const no = await verify('2.1.0');
    expect(no.ok).toBe(false);
    expect(no.message).toMatch(/^can-i-deploy orders 2\.1\.0 to production: no, The verification for the pact between .* failed/);
    expect(no.details).toEqual(['web 1.0.0 → orders 2.1.0: verification failed']);
    const unknown = await verify('2.2.0');
    expect(unknown.ok).toBe(false);
    expect(unknown.message).toMatch(/^can-i-deploy orders 2\.2\.0 to production: unknown, There is no verified pact between/);
    expect(unknown.details).toEqual(['web 1.0.0 → orders: no verification']);
  });

  it('an unknown version is refused with what the broker says; no broker configured fails closed, saying how to configure one', async () => {
    const missing = await verify('9.9.9');
    expect(missing.ok).toBe(false);
    expect(missing.message).toMatch(/^can-i-deploy orders 9\.9\.9 to production: no, /);
    const none = await verify('2.0.0', { broker: null });
    expect(none).toMatchObject({
      ok: false,
      message:
        'no broker configured: set broker.url in apilife.config.yaml (and the token in the variable broker.tokenEnv names, default APILIFE_BROKER_TOKEN); deploy asks it can-i-deploy (gates fail closed)',
    });
  });
});
