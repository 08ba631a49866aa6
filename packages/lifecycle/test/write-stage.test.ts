import { readFileSync } from 'node:fs';
import { tempProject } from '@apilife/test-utils';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { setStageText, writeStage } from '../src/index.ts';

/** Where the stage value is replaced in place: only `old` → `new` changes, every other byte stays. */
const inPlace: [string, { file: string; given: string; old: string; want: string }][] = [
  [
    'YAML block mapping, comments and odd formatting elsewhere',
    {
      file: 'a.yaml',
      given:
        'openapi: 3.1.0   # the version\ninfo:\n  title:   "Pets"\n  x-lifecycle:\n    # where it is\n    stage: design   # promoted by apilife\n    owner: team-pets\npaths: {}\n',
      old: 'stage: design',
      want: 'stage: deploy',
    },
  ],
  [
    'YAML quoted value',
    {
      file: 'a.yaml',
      given: "info:\n  x-lifecycle:\n    owner: team-pets\n    stage: 'design'\n",
      old: "stage: 'design'",
      want: 'stage: deploy',
    },
  ],
  [
    'YAML flow mapping',
    {
      file: 'a.yaml',
      given: 'info:\n  title: Pets\n  x-lifecycle: { stage: design, owner: team-pets }\n',
      old: '{ stage: design,',
      want: '{ stage: deploy,',
    },
  ],
  [
    'YAML with CRLF line ends',
    { file: 'a.yaml', given: 'info:\r\n  x-lifecycle:\r\n    stage: test\r\n    owner: o\r\n', old: 'stage: test', want: 'stage: deploy' },
  ],
  [
    'JSON, compact',
    {
      file: 'a.json',
      given: '{"openapi":"3.1.0","info":{"title":"Pets","x-lifecycle":{"stage":"design","owner":"o"}}}',
      old: '"stage":"design"',
      want: '"stage":"deploy"',
    },
  ],
  [
    'JSON, indented',
    {
      file: 'a.json',
      given: '{\n    "info": {\n        "x-lifecycle": { "owner": "o", "stage" : "design" }\n    }\n}\n',
      old: '"stage" : "design"',
      want: '"stage" : "deploy"',
    },
  ],
];

describe('setStageText', () => {
  it.each(inPlace)('replaces the value in place: %s', (_, { file, given, old, want }) => {
    expect(given.split(old)).toHaveLength(2);
    expect(setStageText(given, file, 'deploy')).toBe(given.replace(old, want));
  });

  it('keeps a byte-order mark', () => {
    const given = '\ufeffinfo:\n  x-lifecycle:\n    stage: plan\n    owner: o\n';
    expect(setStageText(given, 'a.yaml', 'design')).toBe('\ufeffinfo:\n  x-lifecycle:\n    stage: design\n    owner: o\n');
  });

  it('adds a missing stage first in x-lifecycle, keeping the comments', () => {
    const given = '# Pets\ninfo:\n  title: Pets # the name\n  x-lifecycle:\n    owner: team-pets\npaths: {}\n';
    expect(setStageText(given, 'a.yaml', 'design')).toBe(
      '# Pets\ninfo:\n  title: Pets # the name\n  x-lifecycle:\n    stage: design\n    owner: team-pets\npaths: {}\n',
    );
  });

  it('adds x-lifecycle to info when there is none; JSON is re-printed with two spaces', () => {
    expect(parse(setStageText('info:\n  title: Pets\n', 'a.yaml', 'plan'))).toEqual({
      info: { title: 'Pets', 'x-lifecycle': { stage: 'plan' } },
    });
    expect(setStageText('{"info":{"title":"Pets","x-lifecycle":{"owner":"o"}}}', 'a.json', 'plan')).toBe(
      '{\n  "info": {\n    "title": "Pets",\n    "x-lifecycle": {\n      "stage": "plan",\n      "owner": "o"\n    }\n  }\n}\n',
    );
  });

  it('an empty stage key (`stage:`) is set, not the key replaced', () => {
    expect(parse(setStageText('info:\n  x-lifecycle:\n    stage:\n    owner: o\n', 'a.yaml', 'test'))).toEqual({
      info: { 'x-lifecycle': { stage: 'test', owner: 'o' } },
    });
  });

  it('refuses what is not a contract with an info object', () => {
    expect(() => setStageText('openapi: [unclosed\n', 'a.yaml', 'plan')).toThrow(/cannot be parsed/);
    expect(() => setStageText('openapi: 3.1.0\n', 'a.yaml', 'plan')).toThrow(/no info object/);
    expect(() => setStageText('info:\n  x-lifecycle: design\n', 'a.yaml', 'plan')).toThrow(/not a mapping/);
  });

  it('writeStage writes the file, and answers false when nothing changes', async () => {
    const project = tempProject();
    try {
      const file = project.write('contracts/pets/openapi.yaml', 'info:\n  x-lifecycle:\n    stage: plan\n    owner: o\n');
      expect(await writeStage(file, 'design')).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe('info:\n  x-lifecycle:\n    stage: design\n    owner: o\n');
      expect(await writeStage(file, 'design')).toBe(false);
    } finally {
      project.remove();
    }
  });
});
