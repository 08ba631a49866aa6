import { describe, expect, it } from 'vitest';
import { addScripts } from './package-scripts.ts';

const SCRIPTS = { 'api:lint': 'apilife lint', 'api:check': 'apilife check' };

describe('addScripts', () => {
  const cases: [string, { given: string; want: string; added: string[]; kept: string[] }][] = [
    [
      'into existing scripts, in the file’s indentation, nothing else touched',
      {
        given:
          '{\n    "name": "app",\n    "files": ["dist", "src"],\n    "scripts": {\n        "build": "tsc"\n    },\n    "x": {"a": 1}\n}\n',
        want: '{\n    "name": "app",\n    "files": ["dist", "src"],\n    "scripts": {\n        "build": "tsc",\n        "api:lint": "apilife lint",\n        "api:check": "apilife check"\n    },\n    "x": {"a": 1}\n}\n',
        added: ['api:lint', 'api:check'],
        kept: [],
      },
    ],
    [
      'a new scripts object at the end',
      {
        given: '{\n  "name": "a}b",\n  "config": { "scripts": {} }\n}',
        want: '{\n  "name": "a}b",\n  "config": { "scripts": {} },\n  "scripts": {\n    "api:lint": "apilife lint",\n    "api:check": "apilife check"\n  }\n}',
        added: ['api:lint', 'api:check'],
        kept: [],
      },
    ],
    [
      'an empty scripts object',
      {
        given: '{\n  "scripts": {}\n}\n',
        want: '{\n  "scripts": {\n    "api:lint": "apilife lint",\n    "api:check": "apilife check"\n  }\n}\n',
        added: ['api:lint', 'api:check'],
        kept: [],
      },
    ],
    [
      'a script of the same name is kept',
      {
        given: '{\r\n  "scripts": { "api:lint": "spectral lint" }\r\n}\r\n',
        want: '{\r\n  "scripts": { "api:lint": "spectral lint",\r\n    "api:check": "apilife check"\r\n  }\r\n}\r\n',
        added: ['api:check'],
        kept: ['api:lint'],
      },
    ],
    [
      'an empty object',
      {
        given: '{}',
        want: '{\n  "scripts": {\n    "api:lint": "apilife lint",\n    "api:check": "apilife check"\n  }\n}',
        added: ['api:lint', 'api:check'],
        kept: [],
      },
    ],
  ];
  it.each(cases)('%s', (_, { given, want, added, kept }) => {
    const result = addScripts(given, SCRIPTS);
    expect(result).toEqual({ text: want, added, kept });
    expect(JSON.parse(result.text).scripts).toMatchObject(
      Object.fromEntries(added.map((name) => [name, SCRIPTS[name as keyof typeof SCRIPTS]])),
    );
    expect(addScripts(result.text, SCRIPTS).text, 'a second run changes nothing').toBe(result.text);
  });

  it('refuses what is not a package.json object', () => {
    expect(() => addScripts('[1]', SCRIPTS)).toThrow(/not an object/);
    expect(() => addScripts('{"scripts": "x"}', SCRIPTS)).toThrow(/"scripts" is not an object/);
    expect(() => addScripts('{"name": ', SCRIPTS)).toThrow(SyntaxError);
  });
});
