import { describe, expect, it } from 'vitest';
import { plainCursor } from './plain.ts';
import { readProviderStates } from './provider-states.ts';

const read = (document: unknown) => {
  const reports: string[] = [];
  const states = readProviderStates(plainCursor, { value: document, path: '' }, (message, at) => reports.push(`${at.path}: ${message}`));
  return { states, reports };
};

describe('readProviderStates', () => {
  it('reads each state with its description, params schema (as written) and place', () => {
    const { states, reports } = read({
      'x-provider-states': {
        'an order exists': { description: 'The order exists.', params: { $ref: '#/components/schemas/OrderRef' } },
        'no orders': {},
      },
    });
    expect(reports).toEqual([]);
    expect([...states!.keys()]).toEqual(['an order exists', 'no orders']);
    expect(states!.get('an order exists')).toMatchObject({
      description: 'The order exists.',
      params: { value: { $ref: '#/components/schemas/OrderRef' }, path: '/x-provider-states/an order exists/params' },
      at: { path: '/x-provider-states/an order exists' },
    });
    expect(states!.get('no orders')?.params).toBeUndefined();
  });

  it('is undefined when the document declares none', () => {
    expect(read({ openapi: '3.1.0' }).states).toBeUndefined();
  });

  it('reports what it cannot read, and reads on', () => {
    const { states, reports } = read({ 'x-provider-states': { a: 'text', b: { params: 3 }, c: {} } });
    expect([...states!.keys()]).toEqual(['b', 'c']);
    expect(reports).toEqual([
      '/x-provider-states/a: provider state "a" must be an object ({ description?, params? })',
      '/x-provider-states/b/params: the params of provider state "b" must be a JSON Schema',
    ]);
    expect(read({ 'x-provider-states': [] }).reports).toEqual([
      '/x-provider-states: x-provider-states must be an object of provider states by name',
    ]);
  });
});
