import { describe, expect, it } from 'vitest';
import { overrideParameters, readPathItems } from './path-item.ts';
import { plainCursor } from './plain.ts';

const plain = plainCursor;

describe('readPathItems', () => {
  it('reads path items in document order, methods in HTTP_METHODS order, skipping what is not an object', () => {
    const paths = {
      value: {
        '/b': { post: {}, get: {}, parameters: [{ name: 'id', in: 'path' }], summary: 'x', put: null },
        '/a': null,
        '/c': { delete: {} },
      },
      path: '/paths',
    };
    const read = readPathItems(plain, paths);
    expect(read.map((item) => [item.route, item.operations.map((o) => `${o.method} ${o.at.path}`), item.parameters?.path])).toEqual([
      ['/b', ['get /paths//b/get', 'post /paths//b/post'], '/paths//b/parameters'],
      ['/c', ['delete /paths//c/delete'], undefined],
    ]);
  });
});

describe('overrideParameters', () => {
  it("keeps the path item's parameters the operation does not override (same name and in), then the operation's", () => {
    const shared = [
      { name: 'id', in: 'path', from: 'item' },
      { name: 'id', in: 'query', from: 'item' },
    ];
    const own = [{ name: 'id', in: 'path', from: 'operation' }];
    expect(overrideParameters(shared, own)).toEqual([
      { name: 'id', in: 'query', from: 'item' },
      { name: 'id', in: 'path', from: 'operation' },
    ]);
  });
});
