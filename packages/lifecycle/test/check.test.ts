import { execFileSync } from 'node:child_process';
import { loadProjectConfig } from '@apilife/contract';
import { tempProject } from '@apilife/test-utils';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { check, type Finding } from '../src/index.ts';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TODAY = '2026-11-25';

/** The base contract: two operations; `stage` and `version` are set per row. */
function baseDoc(stage: string, version: string): Doc {
  return {
    openapi: '3.1.0',
    info: { title: 'Orders', version, 'x-lifecycle': { stage, owner: 'team-orders' } },
    paths: {
      '/orders': {
        get: {
          operationId: 'listOrders',
          parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
          responses: {
            '200': {
              description: 'Orders',
              content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Order' } } } },
            },
          },
        },
      },
      '/orders/{id}': {
        get: {
          operationId: 'getOrder',
          description: 'One order.',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'An order', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } },
          },
        },
      },
    },
    components: {
      schemas: { Order: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, total: { type: 'number' } } } },
    },
  };
}

/** The AsyncAPI base: an event the service sends and a command it receives. */
function baseEvents(stage: string, version: string): Doc {
  const payload = { type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' }, total: { type: 'number' } } };
  return {
    asyncapi: '3.0.0',
    info: { title: 'Order events', version, 'x-lifecycle': { stage, owner: 'team-orders' } },
    defaultContentType: 'application/json',
    channels: {
      orders: { address: 'orders.placed', messages: { OrderPlaced: { name: 'OrderPlaced', payload } } },
      commands: {
        address: 'orders.commands',
        messages: {
          CancelOrder: {
            name: 'CancelOrder',
            payload: { type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } },
          },
        },
      },
    },
    operations: {
      publishOrderPlaced: {
        action: 'send',
        channel: { $ref: '#/channels/orders' },
        messages: [{ $ref: '#/channels/orders/messages/OrderPlaced' }],
      },
      receiveCancelOrder: {
        action: 'receive',
        channel: { $ref: '#/channels/commands' },
        messages: [{ $ref: '#/channels/commands/messages/CancelOrder' }],
      },
    },
  };
}

interface Row {
  name: string;
  kind?: 'asyncapi';
  stage?: string;
  version?: string;
  /** Applied to the base before it is committed. */
  setup?: (doc: Doc) => void;
  change: (doc: Doc) => void;
  config?: string;
  /** Rules of the findings that fail the check (errors, not waived), in any order. */
  errors: string[];
  warnings?: string[];
  waived?: string[];
  /** A text each error's fix must contain, by rule. */
  fixes?: Record<string, string>;
  /** A text the message of a finding of that rule must contain. */
  says?: Record<string, string>;
  /** `contracts/_shared/common.yaml`, which the contract's `Order` schema points into (see `useShared`), and its change. */
  shared?: { base: Doc; change: (doc: Doc) => void };
  /** An edit to the changed contract's text, after it is written as YAML. */
  edit?: (text: string) => string;
}

/** A breaking change to one operation: getOrder's `total` becomes a string. */
const retypeTotal = (doc: Doc) =>
  (doc.paths['/orders/{id}'].get.responses['200'].content['application/json'].schema = {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string' }, total: { type: 'string' } },
  });
const addOperation = (doc: Doc) =>
  (doc.paths['/orders/{id}'].delete = {
    operationId: 'cancelOrder',
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    responses: { '204': { description: 'Cancelled' } },
  });
const deprecateGetOrder = (lifecycle: Record<string, string>) => (doc: Doc) =>
  Object.assign(doc.paths['/orders/{id}'].get, { deprecated: true, 'x-lifecycle': { stage: 'deprecated', ...lifecycle } });
const version = (v: string) => (doc: Doc) => (doc.info.version = v);
/** Marks the GET at `path` retired (keeping its other lifecycle facts) with the 410 it answers. */
const retire =
  (path: string, lifecycle: Record<string, string> = {}) =>
  (doc: Doc) => {
    const op = doc.paths[path].get;
    op.deprecated = true;
    op['x-lifecycle'] = { ...op['x-lifecycle'], ...lifecycle, stage: 'retired' };
    op.responses['410'] = { description: 'Gone' };
  };
/** Two schemas in a shared file; the contract uses only `Money`. */
const SHARED: Doc = {
  components: {
    schemas: {
      Money: { type: 'object', description: 'An amount.', properties: { amount: { type: 'number' } } },
      Address: { type: 'object', description: 'A postal address.', properties: { street: { type: 'string' } } },
    },
  },
};
const useShared = (doc: Doc) =>
  (doc.components.schemas.Order.properties.total = { $ref: '../_shared/common.yaml#/components/schemas/Money' });
const deprecateApi = (lifecycle: Record<string, string>) => (doc: Doc) =>
  Object.assign(doc.info['x-lifecycle'], { stage: 'deprecated', ...lifecycle });
const order = (doc: Doc) => doc.components.schemas.Order;
const requireTotal = (doc: Doc) => order(doc).required.push('total');
const removeTotal = (doc: Doc) => {
  order(doc).required = order(doc).required.filter((name: string) => name !== 'total');
  delete order(doc).properties.total;
};
const deprecateTotal = (sunset: string) => (doc: Doc) =>
  Object.assign(order(doc).properties.total, { deprecated: true, 'x-lifecycle': { sunset } });
const limit = (doc: Doc) => doc.paths['/orders'].get.parameters[0];
const deprecateLimit = (sunset: string) => (doc: Doc) =>
  Object.assign(limit(doc), { deprecated: true, 'x-lifecycle': { sunset, successor: 'pageSize' } });
const removeLimit = (doc: Doc) => doc.paths['/orders'].get.parameters.splice(0, 1);
/** listOrders filters by `status`, one of three values. */
const statusParam = (doc: Doc) =>
  doc.paths['/orders'].get.parameters.push({ name: 'status', in: 'query', schema: { type: 'string', enum: ['open', 'closed', 'legacy'] } });
const status = (doc: Doc) => doc.paths['/orders'].get.parameters[1].schema;
const deprecateLegacy = (sunset: string) => (doc: Doc) =>
  (status(doc)['x-lifecycle'] = { deprecatedValues: { legacy: { sunset, successor: 'closed' } } });
const removeLegacy = (doc: Doc) => (status(doc).enum = ['open', 'closed']);
const both =
  (...steps: ((doc: Doc) => void)[]) =>
  (doc: Doc) => {
    for (const step of steps) step(doc);
  };

const ROWS: Row[] = [
  { name: 'nothing changed: clean', change: () => {}, errors: [] },
  { name: 'an addition with a minor bump: clean', change: both(addOperation, version('1.3.0')), errors: [] },
  {
    name: 'an addition without a bump needs minor',
    change: addOperation,
    errors: ['semver'],
    fixes: { semver: 'set info.version to 1.3.0' },
  },
  { name: 'an addition with only a patch bump needs minor', change: both(addOperation, version('1.2.1')), errors: ['semver'] },
  {
    name: 'a description change without a bump needs a patch',
    change: (d) => (d.paths['/orders/{id}'].get.description = 'One order, by id.'),
    errors: ['semver'],
    fixes: { semver: '1.2.1' },
  },
  {
    name: 'a description change with a patch bump: clean',
    change: both((d) => (d.paths['/orders/{id}'].get.description = 'One order, by id.'), version('1.2.1')),
    errors: [],
  },
  { name: 'a version going down is no bump', change: both(addOperation, version('1.1.9')), errors: ['semver'] },
  {
    name: 'a version that is not semver',
    change: both(addOperation, version('1.3')),
    errors: ['semver'],
    fixes: { semver: 'semantic version' },
  },
  {
    name: 'maintain: a breaking change is refused even with a major bump',
    change: both(retypeTotal, version('2.0.0')),
    errors: ['breaking-change'],
    fixes: { 'breaking-change': 'keep the old shape' },
  },
  {
    name: 'a prerelease counter counts as numbers: 1.0.0-alpha.2 → 1.0.0-alpha.10 is a patch bump',
    version: '1.0.0-alpha.2',
    change: both((d) => (d.paths['/orders/{id}'].get.description = 'One order, by id.'), version('1.0.0-alpha.10')),
    errors: [],
  },
  {
    name: 'a prerelease going down is no bump: 1.0.0-alpha.10 → 1.0.0-alpha.9',
    version: '1.0.0-alpha.10',
    change: both((d) => (d.paths['/orders/{id}'].get.description = 'One order, by id.'), version('1.0.0-alpha.9')),
    errors: ['semver'],
    fixes: { semver: 'set info.version to 1.0.0' },
  },
  {
    name: 'develop: a breaking change on 2.0.0-rc.1 needs 2.0.0, not 3.0.0',
    stage: 'develop',
    version: '2.0.0-rc.1',
    change: retypeTotal,
    errors: ['semver'],
    fixes: { semver: 'set info.version to 2.0.0-rc.2 (or its release, 2.0.0)' },
  },
  {
    name: 'develop: 2.0.0-rc.1 → 2.0.0 is the major bump a breaking change needs',
    stage: 'develop',
    version: '2.0.0-rc.1',
    change: both(retypeTotal, version('2.0.0')),
    errors: [],
  },
  // A prerelease line is the bump of its version, all along the line (issue 14, item 9).
  {
    name: 'develop: an addition on the 1.0.0 line: 1.0.0-rc.1 → 1.0.0-rc.2',
    stage: 'develop',
    version: '1.0.0-rc.1',
    change: both(addOperation, version('1.0.0-rc.2')),
    errors: [],
  },
  {
    name: 'develop: a breaking change on the 2.0.0 line: 2.0.0-rc.1 → 2.0.0-rc.2',
    stage: 'develop',
    version: '2.0.0-rc.1',
    change: both(retypeTotal, version('2.0.0-rc.2')),
    errors: [],
  },
  {
    name: 'maintain: an addition released with its line: 2.0.0-rc.1 → 2.0.0',
    version: '2.0.0-rc.1',
    change: both(addOperation, version('2.0.0')),
    errors: [],
  },
  {
    name: 'maintain: an addition without a version change on a prerelease line stays on it',
    version: '1.0.0-rc.1',
    change: addOperation,
    errors: ['semver'],
    fixes: { semver: 'set info.version to 1.0.0-rc.2 (or its release, 1.0.0)' },
  },
  {
    name: 'maintain: an addition on a patch line 1.0.1-rc.1 needs 1.1.0',
    version: '1.0.1-rc.1',
    change: both(addOperation, version('1.0.1-rc.2')),
    errors: ['semver'],
    fixes: { semver: 'set info.version to 1.1.0' },
  },
  {
    name: 'a version with a v prefix is not a semantic version',
    change: both(addOperation, version('v1.3.0')),
    errors: ['semver'],
    fixes: { semver: 'e.g. 1.3.0' },
  },
  {
    name: 'a prerelease with a leading zero is not a semantic version',
    change: both(addOperation, version('1.3.0-01')),
    errors: ['semver'],
  },
  {
    name: 'build metadata alone is no bump',
    change: both(addOperation, version('1.2.0+build.2')),
    errors: ['semver'],
    fixes: { semver: 'set info.version to 1.3.0' },
  },
  {
    name: 'maintain: a breaking change without a bump fails twice',
    change: retypeTotal,
    errors: ['breaking-change', 'semver'],
    fixes: { semver: '2.0.0' },
  },
  {
    name: 'maintain: a waiver for the new version accepts the breaking change',
    change: both(
      retypeTotal,
      version('2.0.0'),
      (d) =>
        (d.info['x-lifecycle'].waivers = [
          {
            version: '2.0.0',
            rule: 'breaking-change',
            change: 'response-type-changed',
            reason: 'no client reads total (access logs, 90 days)',
          },
        ]),
    ),
    errors: [],
    waived: ['breaking-change'],
  },
  {
    name: 'maintain: a waiver for another version accepts nothing',
    change: both(
      retypeTotal,
      version('2.0.0'),
      (d) => (d.info['x-lifecycle'].waivers = [{ version: '1.9.0', rule: 'breaking-change', reason: 'old' }]),
    ),
    errors: ['breaking-change'],
    warnings: ['waiver'],
    says: { waiver: 'it was added now for 1.9.0, an earlier version than 2.0.0' },
  },
  {
    name: 'maintain: a waiver narrowed to another subject accepts nothing',
    change: both(
      retypeTotal,
      version('2.0.0'),
      (d) => (d.info['x-lifecycle'].waivers = [{ version: '2.0.0', rule: 'breaking-change', subject: 'DELETE /orders/{}', reason: 'x' }]),
    ),
    errors: ['breaking-change'],
    warnings: ['waiver'],
    says: { waiver: 'no breaking-change finding is about DELETE /orders/{} (they are about GET /orders/{id})' },
  },
  // A waiver applies to exactly one version transition; one that does not apply says why (issue 14, item 5).
  {
    name: "a waiver's subject may write path parameters as {} (the README's form)",
    change: both(
      retypeTotal,
      version('2.0.0'),
      (d) =>
        (d.info['x-lifecycle'].waivers = [
          { version: '2.0.0', rule: 'breaking-change', subject: 'GET /orders/{}', reason: 'no client reads total' },
        ]),
    ),
    errors: [],
    waived: ['breaking-change'],
  },
  {
    name: 'waivers spent on the change that produced 1.2.0 do not excuse a later break at 1.2.0',
    setup: (d) =>
      (d.info['x-lifecycle'].waivers = [
        { version: '1.2.0', rule: 'semver', reason: 'typo fix' },
        { version: '1.2.0', rule: 'breaking-change', reason: 'no client yet' },
      ]),
    change: retypeTotal,
    errors: ['breaking-change', 'semver'],
    warnings: ['waiver', 'waiver'],
    says: { waiver: 'it excused the change that produced 1.2.0, already on the base' },
  },
  {
    name: 'a semver waiver added with the version unchanged applies to this change',
    change: both(
      (d) => (d.paths['/orders/{id}'].get.description = 'One order, by id.'),
      (d) => (d.info['x-lifecycle'].waivers = [{ version: '1.2.0', rule: 'semver', reason: 'a typo; the docs site rebuilds from main' }]),
    ),
    errors: [],
    waived: ['semver'],
  },
  {
    name: 'a waiver for a version not reached yet is a warning naming it',
    change: both(addOperation, (d) => (d.info['x-lifecycle'].waivers = [{ version: '1.3.0', rule: 'semver', reason: 'x' }])),
    errors: ['semver'],
    warnings: ['waiver'],
    says: { waiver: 'it names 1.3.0, but info.version is 1.2.0' },
  },
  {
    name: 'a waiver for this change that fits no finding is a warning naming why',
    change: both(
      retypeTotal,
      version('2.0.0'),
      (d) =>
        (d.info['x-lifecycle'].waivers = [{ version: '2.0.0', rule: 'breaking-change', change: 'response-property-removed', reason: 'x' }]),
    ),
    errors: ['breaking-change'],
    warnings: ['waiver'],
    says: { waiver: 'no breaking-change finding comes from change response-property-removed (they come from response-type-changed)' },
  },
  {
    name: 'waivers of earlier versions are history: no warning',
    setup: (d) => (d.info['x-lifecycle'].waivers = [{ version: '1.1.0', rule: 'breaking-change', reason: 'old' }]),
    change: both(addOperation, version('1.3.0')),
    errors: [],
  },
  {
    name: 'a waiver without a reason is an error',
    change: both(addOperation, version('1.3.0'), (d) => (d.info['x-lifecycle'].waivers = [{ version: '1.3.0', rule: 'semver' }])),
    errors: ['waiver'],
  },
  {
    name: 'a waiver for an unknown rule is an error',
    change: both(
      addOperation,
      version('1.3.0'),
      (d) => (d.info['x-lifecycle'].waivers = [{ version: '1.3.0', rule: 'no-such-rule', reason: 'x' }]),
    ),
    errors: ['waiver'],
  },
  {
    name: 'deploy: a new required request parameter is refused',
    stage: 'deploy',
    change: both(
      (d) => d.paths['/orders'].get.parameters.push({ name: 'tenant', in: 'query', required: true, schema: { type: 'string' } }),
      version('2.0.0'),
    ),
    errors: ['breaking-change'],
    fixes: { 'breaking-change': 'make it optional' },
  },
  {
    name: 'develop: a breaking change with a major bump: clean',
    stage: 'develop',
    change: both(retypeTotal, version('2.0.0')),
    errors: [],
  },
  {
    name: 'develop: a breaking change with a minor bump needs major',
    stage: 'develop',
    change: both(retypeTotal, version('1.3.0')),
    errors: ['semver'],
    fixes: { semver: '2.0.0' },
  },
  {
    name: 'test, 0.x: a breaking change with a minor bump is the major of 0.x',
    stage: 'test',
    version: '0.3.1',
    change: both(retypeTotal, version('0.4.0')),
    errors: [],
  },
  {
    name: 'test, 0.x: a breaking change with a patch bump needs 0.4.0',
    stage: 'test',
    version: '0.3.1',
    change: both(retypeTotal, version('0.3.2')),
    errors: ['semver'],
    fixes: { semver: '0.4.0' },
  },
  {
    name: 'design: breaks freely with any bump',
    stage: 'design',
    version: '0.3.1',
    change: both(retypeTotal, (d) => delete d.paths['/orders'], version('0.3.2')),
    errors: [],
  },
  {
    name: 'design: still no change without a version change',
    stage: 'design',
    version: '0.3.1',
    change: retypeTotal,
    errors: ['semver'],
    fixes: { semver: '0.3.2' },
  },
  {
    name: 'plan: removal without deprecation is allowed',
    stage: 'plan',
    version: '0.1.0',
    change: both((d) => delete d.paths['/orders'], version('0.1.1')),
    errors: [],
  },
  {
    name: 'develop: removal without deprecation is refused',
    stage: 'develop',
    change: both((d) => delete d.paths['/orders'], version('2.0.0')),
    errors: ['removal-without-deprecation'],
    fixes: { 'removal-without-deprecation': 'deprecate it first' },
  },
  {
    name: 'maintain: removal before the sunset is refused',
    setup: deprecateGetOrder({ sunset: '2027-06-30', successor: 'listOrders' }),
    change: both((d) => delete d.paths['/orders/{id}'], version('1.3.0')),
    errors: ['removal-before-sunset', 'semver'],
  },
  {
    name: 'maintain: removal after the sunset needs only a minor bump',
    setup: deprecateGetOrder({ sunset: '2026-06-30', successor: 'listOrders' }),
    change: both((d) => delete d.paths['/orders/{id}'], version('1.3.0')),
    errors: [],
  },
  // A demotion is a policy change (issue 14, item 4): the stage at the base decides, and moving back is refused unless waived.
  {
    name: 'maintain → design (promote --force) is refused',
    change: both((d) => (d.info['x-lifecycle'].stage = 'design'), version('1.2.1')),
    errors: ['stage-demotion'],
    fixes: { 'stage-demotion': 'keep x-lifecycle.stage: maintain' },
  },
  {
    name: 'maintain → design waived for this version passes',
    change: both(
      (d) => (d.info['x-lifecycle'].stage = 'design'),
      version('1.2.1'),
      (d) => (d.info['x-lifecycle'].waivers = [{ version: '1.2.1', rule: 'stage-demotion', reason: 'no consumer yet' }]),
    ),
    errors: [],
    waived: ['stage-demotion'],
  },
  {
    name: 'maintain → deprecated is no demotion',
    change: both(deprecateApi({ sunset: '2027-03-01', successor: 'orders-v2/openapi.yaml' }), version('1.3.0')),
    errors: [],
  },
  // Retiring is removal for a client (410 from that day): the same rules (issue 14, items 1 and 2).
  {
    name: 'maintain: retiring 89 days before the sunset is refused',
    setup: deprecateGetOrder({ sunset: '2027-02-22', successor: 'listOrders' }),
    change: both(retire('/orders/{id}'), version('1.3.0')),
    errors: ['removal-before-sunset', 'semver'],
    fixes: { 'removal-before-sunset': 'keep it deprecated and served until its sunset day' },
  },
  {
    name: 'maintain: retiring an operation never deprecated is refused',
    change: both(retire('/orders', { sunset: '2026-11-25' }), version('1.3.0')),
    errors: ['removal-without-deprecation', 'semver'],
    fixes: { 'removal-without-deprecation': 'deprecate it first' },
  },
  {
    name: 'maintain: retiring on the sunset day needs only a minor bump',
    setup: deprecateGetOrder({ sunset: '2026-11-25', successor: 'listOrders' }),
    change: both(retire('/orders/{id}'), version('1.3.0')),
    errors: [],
  },
  {
    name: 'maintain: a deprecation with a sunset 90+ days ahead and a successor: clean',
    change: both(deprecateGetOrder({ sunset: '2027-03-01', successor: 'listOrders' }), version('1.3.0')),
    errors: [],
  },
  {
    name: 'maintain: a deprecation without sunset or successor',
    change: both(deprecateGetOrder({}), version('1.3.0')),
    errors: ['deprecation-sunset', 'deprecation-successor'],
    fixes: { 'deprecation-sunset': '2027-02-23' },
  },
  {
    name: 'maintain: a sunset 30 days ahead is too soon',
    change: both(deprecateGetOrder({ sunset: '2026-12-25', successor: 'listOrders' }), version('1.3.0')),
    errors: ['deprecation-sunset'],
    fixes: { 'deprecation-sunset': 'move x-lifecycle.sunset to 2027-02-23' },
  },
  {
    name: 'maintain: a sunset brought forward to 30 days away is refused',
    setup: deprecateGetOrder({ sunset: '2027-06-30', successor: 'listOrders' }),
    change: both((d) => (d.paths['/orders/{id}'].get['x-lifecycle'].sunset = '2026-12-25'), version('1.3.0')),
    errors: ['deprecation-sunset'],
    fixes: { 'deprecation-sunset': 'move x-lifecycle.sunset to 2027-02-23' },
  },
  {
    name: 'maintain: a sunset brought forward, still 90+ days away: clean',
    setup: deprecateGetOrder({ sunset: '2027-06-30', successor: 'listOrders' }),
    change: both((d) => (d.paths['/orders/{id}'].get['x-lifecycle'].sunset = '2027-03-01'), version('1.3.0')),
    errors: [],
  },
  {
    name: 'maintain: a sunset dropped from a deprecated operation is refused',
    setup: deprecateGetOrder({ sunset: '2027-06-30', successor: 'listOrders' }),
    change: both((d) => delete d.paths['/orders/{id}'].get['x-lifecycle'].sunset, version('1.3.0')),
    errors: ['deprecation-sunset'],
  },
  // A sunset moved earlier, or deleted, is held to the stage's notice, for an operation and for the whole API (issue 14, item 3).
  {
    name: 'maintain: a sunset moved to tomorrow with a patch bump is refused',
    setup: deprecateGetOrder({ sunset: '2027-06-30', successor: 'listOrders' }),
    change: both((d) => (d.paths['/orders/{id}'].get['x-lifecycle'].sunset = '2026-11-26'), version('1.2.1')),
    errors: ['deprecation-sunset', 'semver'],
    fixes: { semver: '1.3.0' },
    says: { 'deprecation-sunset': 'to 2026-11-26, 1 day away' },
  },
  {
    name: 'maintain: deprecating the whole API with a sunset 90+ days ahead and a successor',
    change: both(deprecateApi({ sunset: '2027-03-01', successor: 'orders-v2/openapi.yaml' }), version('1.3.0')),
    errors: [],
  },
  {
    name: 'maintain: deprecating the whole API needs a minor bump',
    change: both(deprecateApi({ sunset: '2027-03-01', successor: 'orders-v2/openapi.yaml' }), version('1.2.1')),
    errors: ['semver'],
  },
  {
    name: 'maintain: deprecating the whole API with a sunset 30 days ahead, no successor',
    change: both(deprecateApi({ sunset: '2026-12-25' }), version('1.3.0')),
    errors: ['deprecation-sunset', 'deprecation-successor'],
    fixes: { 'deprecation-sunset': 'move x-lifecycle.sunset to 2027-02-23' },
  },
  {
    name: "deprecated: the API's sunset moved to tomorrow with a patch bump is refused",
    stage: 'deprecated',
    setup: deprecateApi({ sunset: '2027-06-30', successor: 'orders-v2/openapi.yaml' }),
    change: both((d) => (d.info['x-lifecycle'].sunset = '2026-11-26'), version('1.2.1')),
    errors: ['deprecation-sunset', 'semver'],
  },
  {
    name: "deprecated: the API's sunset dropped is refused",
    stage: 'deprecated',
    setup: deprecateApi({ sunset: '2027-06-30', successor: 'orders-v2/openapi.yaml' }),
    change: both((d) => delete d.info['x-lifecycle'].sunset, version('1.3.0')),
    errors: ['deprecation-sunset'],
  },
  {
    name: "deprecated: the API's sunset moved later with a patch bump: clean",
    stage: 'deprecated',
    setup: deprecateApi({ sunset: '2027-06-30', successor: 'orders-v2/openapi.yaml' }),
    change: both((d) => (d.info['x-lifecycle'].sunset = '2027-12-31'), version('1.2.1')),
    errors: [],
  },
  // A stage or owner change is governance, not a version change (issue 14, item 6; ADR 0017).
  {
    name: 'a promotion design → develop needs no version change',
    stage: 'design',
    version: '0.3.0',
    change: (d) => (d.info['x-lifecycle'].stage = 'develop'),
    errors: [],
  },
  { name: 'a new owner needs no version change', change: (d) => (d.info['x-lifecycle'].owner = 'team-fulfilment'), errors: [] },
  {
    name: 'comments and formatting are no change',
    change: () => {},
    edit: (text) =>
      `# Orders, owned by team-orders\n${text.replace(/^(\s*)title: Orders$/m, '$1title: "Orders"   # shown on the docs site')}`,
    errors: [],
  },
  // A contract changes when what it uses changes, not when a file it points into does (issue 14, item 7).
  {
    name: 'an edit to a shared schema the contract does not use needs no version change',
    setup: useShared,
    shared: { base: SHARED, change: (d) => (d.components.schemas.Address.description = 'A street address.') },
    change: () => {},
    errors: [],
  },
  {
    name: 'an edit to a shared schema the contract uses needs a patch',
    setup: useShared,
    shared: { base: SHARED, change: (d) => (d.components.schemas.Money.description = 'An amount, in the currency of the order.') },
    change: () => {},
    errors: ['semver'],
    fixes: { semver: '1.2.1' },
  },
  {
    name: 'a breaking edit to a shared schema the contract uses is refused',
    setup: useShared,
    shared: { base: SHARED, change: (d) => (d.components.schemas.Money.properties.amount.type = 'string') },
    change: version('2.0.0'),
    errors: ['breaking-change', 'breaking-change'],
  },
  {
    name: 'deploy: a sunset 30 days ahead is enough',
    stage: 'deploy',
    change: both(deprecateGetOrder({ sunset: '2026-12-25', successor: 'listOrders' }), version('1.3.0')),
    errors: [],
  },
  {
    name: 'configured: sunsetDays of maintain raised to 365',
    config: 'policy:\n  stages:\n    maintain: { sunsetDays: 365 }\n',
    change: both(deprecateGetOrder({ sunset: '2027-03-01', successor: 'listOrders' }), version('1.3.0')),
    errors: ['deprecation-sunset'],
  },
  {
    name: 'configured: breaking-change off',
    config: 'policy:\n  rules:\n    breaking-change: off\n',
    change: both(retypeTotal, version('2.0.0')),
    errors: [],
  },
  {
    name: 'configured: semver as a warning',
    config: 'policy:\n  rules:\n    semver: warn\n',
    change: addOperation,
    errors: [],
    warnings: ['semver'],
  },
  {
    name: 'configured: deploy may break with a major bump',
    config: 'policy:\n  stages:\n    deploy: { breaking: major }\n',
    stage: 'deploy',
    change: both(retypeTotal, version('2.0.0')),
    errors: [],
  },
  {
    name: 'an operation past its sunset still listed is a warning',
    setup: deprecateGetOrder({ sunset: '2026-06-30', successor: 'listOrders' }),
    change: () => {},
    errors: [],
    warnings: ['sunset-passed'],
  },
  {
    name: 'the stage at the base decides: promoting design → deploy in the same change may still break',
    stage: 'design',
    version: '0.9.0',
    change: both(retypeTotal, version('1.0.0'), (d) => (d.info['x-lifecycle'].stage = 'deploy')),
    errors: [],
  },
  {
    name: 'AsyncAPI, maintain: a channel address change is refused',
    kind: 'asyncapi',
    change: both((d) => (d.channels.orders.address = 'orders.v2.placed'), version('2.0.0')),
    errors: ['breaking-change'],
  },
  {
    name: 'AsyncAPI, maintain: a required field in a received command is refused',
    kind: 'asyncapi',
    change: both((d) => {
      d.channels.commands.messages.CancelOrder.payload.required.push('reason');
      d.channels.commands.messages.CancelOrder.payload.properties.reason = { type: 'string' };
    }, version('2.0.0')),
    errors: ['breaking-change'],
  },
  {
    name: 'AsyncAPI, maintain: a new optional field in a sent event needs minor',
    kind: 'asyncapi',
    change: (d) => (d.channels.orders.messages.OrderPlaced.payload.properties.currency = { type: 'string' }),
    errors: ['semver'],
    fixes: { semver: '1.3.0' },
  },
  {
    name: 'AsyncAPI, develop: removing an operation that was never deprecated',
    kind: 'asyncapi',
    stage: 'develop',
    change: both((d) => delete d.operations.receiveCancelOrder, version('2.0.0')),
    errors: ['removal-without-deprecation'],
  },
  {
    name: 'AsyncAPI, maintain: a deprecation without a successor',
    kind: 'asyncapi',
    change: both((d) => (d.operations.publishOrderPlaced['x-lifecycle'] = { stage: 'deprecated', sunset: '2027-06-30' }), version('1.3.0')),
    errors: ['deprecation-successor'],
  },
  // Parameters, properties and enum values are deprecated with a sunset and go by it, as operations do (issue 14, item 8).
  {
    name: 'maintain: removing a property deprecated with a sunset passed needs only a minor bump',
    setup: both(requireTotal, deprecateTotal('2026-06-30')),
    change: both(removeTotal, version('1.3.0')),
    errors: [],
  },
  {
    name: 'maintain: removing a property before its sunset is refused (in both operations that return it)',
    setup: both(requireTotal, deprecateTotal('2027-06-30')),
    change: both(removeTotal, version('1.3.0')),
    errors: ['removal-before-sunset', 'removal-before-sunset', 'semver'],
    fixes: { 'removal-before-sunset': 'restore it until its sunset day' },
  },
  {
    name: 'maintain: deprecating a property with a sunset 30 days ahead is refused (once, though two operations return it)',
    change: both(deprecateTotal('2026-12-25'), version('1.3.0')),
    errors: ['deprecation-sunset'],
    fixes: { 'deprecation-sunset': 'move x-lifecycle.sunset to 2027-02-23' },
  },
  {
    name: 'maintain: deprecating a property without a sunset is refused',
    change: both((d) => (order(d).properties.total.deprecated = true), version('1.3.0')),
    errors: ['deprecation-sunset'],
    fixes: { 'deprecation-sunset': 'add x-lifecycle.sunset: 2027-02-23' },
  },
  {
    name: "maintain: a property's sunset brought forward to 30 days away is refused",
    setup: deprecateTotal('2027-06-30'),
    change: both((d) => (order(d).properties.total['x-lifecycle'].sunset = '2026-12-25'), version('1.3.0')),
    errors: ['deprecation-sunset'],
  },
  {
    name: 'the fix for a removed property shows the deprecation snippet',
    setup: requireTotal,
    change: both(removeTotal, version('2.0.0')),
    errors: ['breaking-change', 'breaking-change'],
    fixes: { 'breaking-change': 'deprecated: true with x-lifecycle: { sunset: 2027-02-23' },
  },
  // Passed before too (removing a parameter was only a warning); now the guard that a parameter past its sunset may go.
  {
    name: 'maintain: removing a parameter deprecated with a sunset passed needs only a minor bump',
    setup: deprecateLimit('2026-06-30'),
    change: both(removeLimit, version('1.3.0')),
    errors: [],
  },
  {
    name: 'maintain: removing a parameter before its sunset is refused',
    setup: deprecateLimit('2027-06-30'),
    change: both(removeLimit, version('1.3.0')),
    errors: ['removal-before-sunset', 'semver'],
    fixes: { 'removal-before-sunset': 'restore it until its sunset day' },
  },
  {
    name: 'maintain: deprecating a parameter with a sunset 30 days ahead is refused',
    change: both(deprecateLimit('2026-12-25'), version('1.3.0')),
    errors: ['deprecation-sunset'],
    fixes: { 'deprecation-sunset': 'move x-lifecycle.sunset to 2027-02-23' },
  },
  {
    name: 'the fix for a removed parameter shows the deprecation snippet',
    change: both(removeLimit, version('2.0.0')),
    errors: ['breaking-change'],
    fixes: { 'breaking-change': 'deprecated: true with x-lifecycle: { sunset: 2027-02-23' },
  },
  {
    name: 'maintain: removing an enum value deprecated with a sunset passed needs only a minor bump',
    setup: both(statusParam, deprecateLegacy('2026-06-30')),
    change: both(removeLegacy, version('1.3.0')),
    errors: [],
  },
  {
    name: 'maintain: removing an enum value before its sunset is refused',
    setup: both(statusParam, deprecateLegacy('2027-06-30')),
    change: both(removeLegacy, version('1.3.0')),
    errors: ['removal-before-sunset', 'semver'],
  },
  {
    name: 'maintain: deprecating an enum value with a sunset 30 days ahead is refused',
    setup: statusParam,
    change: both(deprecateLegacy('2026-12-25'), version('1.3.0')),
    errors: ['deprecation-sunset'],
    fixes: { 'deprecation-sunset': 'move x-lifecycle.deprecatedValues.legacy.sunset to 2027-02-23' },
  },
  {
    name: 'the fix for a removed enum value shows the deprecation snippet',
    setup: statusParam,
    change: both(removeLegacy, version('2.0.0')),
    errors: ['breaking-change'],
    fixes: { 'breaking-change': 'deprecatedValues: { "legacy": { sunset: 2027-02-23' },
  },
  {
    name: 'AsyncAPI, maintain: removing an event field deprecated with a sunset passed needs only a minor bump',
    kind: 'asyncapi',
    setup: (d) => {
      const payload = d.channels.orders.messages.OrderPlaced.payload;
      payload.required.push('total');
      Object.assign(payload.properties.total, { deprecated: true, 'x-lifecycle': { sunset: '2026-06-30' } });
    },
    change: both((d) => {
      const payload = d.channels.orders.messages.OrderPlaced.payload;
      payload.required = ['orderId'];
      delete payload.properties.total;
    }, version('1.3.0')),
    errors: [],
  },
];

async function runRow(row: Row): Promise<Finding[]> {
  const project = tempProject(`contracts: contracts\nlint:\n  cache: false\n${row.config ?? ''}`);
  try {
    const doc = (row.kind === 'asyncapi' ? baseEvents : baseDoc)(row.stage ?? 'maintain', row.version ?? '1.2.0');
    const file = `contracts/orders/${row.kind ?? 'openapi'}.yaml`;
    row.setup?.(doc);
    project.write(file, doc);
    if (row.shared) project.write('contracts/_shared/common.yaml', row.shared.base);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: project.root, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    const next = structuredClone(doc);
    row.change(next);
    project.write(file, row.edit ? row.edit(stringify(next)) : next);
    if (row.shared) {
      const shared = structuredClone(row.shared.base);
      row.shared.change(shared);
      project.write('contracts/_shared/common.yaml', shared);
    }
    const config = await loadProjectConfig(project.root);
    return (await check(config, { base: 'main', today: TODAY, cwd: project.root, skip: ['lint', 'generated'] })).findings;
  } finally {
    project.remove();
  }
}

describe('apilife check: the policy, a row per rule and stage', () => {
  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_, row) => {
    const findings = await runRow(row);
    const rules = (pick: (f: Finding) => boolean) =>
      findings
        .filter(pick)
        .map((f) => f.rule)
        .sort();
    expect(
      rules((f) => f.level === 'error' && !f.waived),
      JSON.stringify(findings, null, 1),
    ).toEqual([...row.errors].sort());
    expect(rules((f) => f.level === 'warn' && !f.waived)).toEqual([...(row.warnings ?? [])].sort());
    expect(rules((f) => f.waived !== undefined)).toEqual([...(row.waived ?? [])].sort());
    for (const [rule, text] of Object.entries(row.fixes ?? {})) expect(findings.find((f) => f.rule === rule)?.fix).toContain(text);
    for (const [rule, text] of Object.entries(row.says ?? {}))
      expect(
        findings
          .filter((f) => f.rule === rule)
          .map((f) => f.message)
          .join('\n'),
      ).toContain(text);
    for (const finding of findings) expect(finding.fix.length).toBeGreaterThan(10);
  });
});

describe('apilife check: the fix of a refused breaking change', () => {
  it('names the version the semver fix asks for, so the waiver pasted with that bump applies (issue 14, item 5)', async () => {
    const findings = await runRow({ name: 'refused, not bumped', change: retypeTotal, errors: [] });
    const refused = findings.find((f) => f.rule === 'breaking-change')!;
    expect(findings.find((f) => f.rule === 'semver')?.fix).toContain('set info.version to 2.0.0');
    const snippet = /waive it in info\.x-lifecycle\.waivers: (\{.*\})$/.exec(refused.fix)?.[1];
    const waiver: Record<string, unknown> = { ...(parse(snippet!) as Record<string, unknown>), reason: 'no client reads total' };
    expect(waiver.version).toBe('2.0.0');
    const after = await runRow({
      name: 'bumped',
      change: both(retypeTotal, version('2.0.0'), (d) => (d.info['x-lifecycle'].waivers = [waiver])),
      errors: [],
    });
    expect(after.map((f) => [f.rule, f.level, f.waived?.reason])).toEqual([['breaking-change', 'error', 'no client reads total']]);
  });

  it('names a waiver that, pasted into the contract with a reason, waives that finding and no other', async () => {
    const [refused] = await runRow({ name: 'refused', change: both(retypeTotal, version('2.0.0')), errors: [] });
    expect(refused?.rule).toBe('breaking-change');
    const snippet = /waive it in info\.x-lifecycle\.waivers: (\{.*\})$/.exec(refused!.fix)?.[1];
    expect(snippet, refused!.fix).toBeDefined();
    const waiver = { ...(parse(snippet!) as Record<string, unknown>), reason: 'no client reads total (access logs, 90 days)' };
    const findings = await runRow({
      name: 'waived',
      change: both(retypeTotal, version('2.0.0'), (d) => (d.info['x-lifecycle'].waivers = [waiver])),
      errors: [],
    });
    expect(findings.map((f) => [f.rule, f.waived?.reason])).toEqual([['breaking-change', 'no client reads total (access logs, 90 days)']]);
  });
});
