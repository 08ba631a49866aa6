import { describe, expect, it } from 'vitest';
import { parseSource } from './parse.ts';

const json = `{
  "openapi": "3.1.0",
  "paths": {
    "/a/{id}": {
      "get": { "responses": { "200": { "description": "ok \\" }" } } }
    }
  },
  "list": [1, [2, 3], {"x": "y"}]
}`;

const yaml = `openapi: 3.1.0
paths:
  /a/{id}:
    get:
      responses:
        '200':
          description: ok
list:
  - 1
  - [2, 3]
  - x: y
`;

describe.each([
  ['JSON', 'a.json', json],
  ['YAML', 'a.yaml', yaml],
])('%s source map', (_name, file, text) => {
  const { sourceMap } = parseSource(text, file);
  const line = (path: (string | number)[]) => sourceMap.locate(path).range.start.line + 1;

  it('finds object members, escaped keys and array items', () => {
    expect(line(['openapi'])).toBe(text.split('\n').findIndex((l) => l.includes('3.1.0')) + 1);
    expect(line(['paths', '/a/{id}', 'get', 'responses', '200', 'description'])).toBe(
      text.split('\n').findIndex((l) => l.includes('ok')) + 1,
    );
    expect(line(['list', 2, 'x'])).toBe(text.split('\n').findIndex((l) => l.includes('"x"') || l.includes('x: y')) + 1);
    expect(sourceMap.locate(['list', 1, 1]).path).toEqual(['list', 1, 1]);
  });

  it('answers with the closest existing ancestor for a missing path', () => {
    const location = sourceMap.locate(['paths', '/a/{id}', 'post', 'responses']);
    expect(location.path).toEqual(['paths', '/a/{id}']);
  });

  it('gives key ranges for members', () => {
    const location = sourceMap.locate(['paths', '/a/{id}']);
    expect(location.keyRange?.start.line).toBe(text.split('\n').findIndex((l) => l.includes('/a/{id}')));
  });
});
