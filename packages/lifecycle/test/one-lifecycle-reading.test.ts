import { loadContracts, loadIR, loadProjectConfig } from '@apilife/contract';
import { tempProject } from '@apilife/test-utils';
import { describe, expect, it } from 'vitest';
import { lifecycleStatus, listApis } from '../src/index.ts';

/**
 * `x-lifecycle` is read once (`readLifecycleFacts`, `isDeprecated`, `isApiDeprecated`); the lint
 * model, the IR and `apilife lifecycle status` each disagreed with another on these cases before
 * (issue 15, ADR 0019).
 */
const op = (id: string, extra: object) => ({
  operationId: id,
  ...extra,
  responses: { '200': { description: 'ok' }, '410': { description: 'gone' } },
});

const CASES: [string, { contract: 'openapi' | 'asyncapi'; document: object; deprecated: Record<string, boolean> }][] = [
  [
    'an HTTP operation deprecated by its stage alone (the model said no, the IR and the inventory yes)',
    {
      contract: 'openapi',
      document: {
        openapi: '3.1.0',
        info: { title: 'Pets', version: '1.0.0' },
        paths: {
          '/a': { get: op('getOld', { 'x-lifecycle': { stage: 'deprecated', sunset: '2027-01-01', successor: 'getNew' } }) },
          '/b': { get: op('getNew', {}) },
        },
      },
      deprecated: { getOld: true, getNew: false },
    },
  ],
  [
    // AsyncAPI 3's Operation Object has no `deprecated` field (@asyncapi/parser refuses one): an
    // operation is deprecated by its `x-lifecycle`, read the same way by all three.
    'an AsyncAPI operation deprecated by its x-lifecycle stage',
    {
      contract: 'asyncapi',
      document: {
        asyncapi: '3.0.0',
        info: { title: 'Events', version: '1.0.0' },
        channels: { pets: { address: 'pets', messages: { petAdded: { payload: { type: 'object' } } } } },
        operations: {
          publishOld: { action: 'send', channel: { $ref: '#/channels/pets' }, 'x-lifecycle': { stage: 'deprecated' } },
          publishNew: { action: 'send', channel: { $ref: '#/channels/pets' } },
        },
      },
      deprecated: { publishOld: true, publishNew: false },
    },
  ],
];

describe('one reading of x-lifecycle: model, IR and inventory agree', () => {
  it.each(CASES)('%s', async (_name, { contract, document, deprecated }) => {
    const project = tempProject();
    try {
      const file = project.write(`contracts/pets/${contract}.yaml`, document);
      const config = await loadProjectConfig(project.root);
      const { model } = await loadContracts({ root: config.contracts, files: [file] });
      const fromModel = Object.fromEntries(model.documents[0]!.operations.map((o) => [o.operationId, o.deprecated]));
      const loaded = await loadIR(file, { root: config.contracts });
      const operations = loaded.kind === 'openapi' ? loaded.api.operations : loaded.messaging.operations;
      const fromIR = Object.fromEntries(operations.map((o) => [o.operationId, o.lifecycle.deprecated]));
      const [api] = await listApis(config);
      const fromInventory = Object.fromEntries(api!.operations.map((o) => [o.name, o.deprecated]));
      expect({ model: fromModel, ir: fromIR, inventory: fromInventory }).toEqual({
        model: deprecated,
        ir: deprecated,
        inventory: deprecated,
      });
    } finally {
      project.remove();
    }
  });

  it('an API with a sunset is deprecated for status as for the IR: past the sunset it is overdue (status said nothing while the server answered 410)', async () => {
    const project = tempProject();
    try {
      const file = project.write('contracts/pets/openapi.yaml', {
        openapi: '3.1.0',
        info: {
          title: 'Pets',
          version: '1.0.0',
          'x-lifecycle': { stage: 'maintain', owner: 'team-pets', sunset: '2026-06-30', successor: 'pets-v2/openapi.yaml' },
        },
        paths: { '/a': { get: op('getPet', {}) } },
      });
      const config = await loadProjectConfig(project.root);
      const loaded = await loadIR(file, { root: config.contracts });
      expect(loaded.kind === 'openapi' && loaded.api.lifecycle?.deprecated).toBe(true);
      const apis = await listApis(config);
      expect(apis[0]!.deprecated).toBe(true);
      expect(lifecycleStatus(apis, '2026-07-01', project.root).apis[0]!.overdue).toEqual(['(api)']);
      expect(lifecycleStatus(apis, '2026-06-29', project.root).apis[0]!.overdue).toEqual([]);
    } finally {
      project.remove();
    }
  });
});
