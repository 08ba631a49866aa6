import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TARGET_NAMES } from '@apilife/codegen';
import { ConfigError, loadProjectConfig } from '@apilife/contract';
import { tempProject } from '@apilife/test-utils';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The published JSON Schema of apilife.config.yaml (packages/cli/schema/) against the loader
 * (packages/contract/src/config.ts): what the repository and the README write validates, and a table
 * of wrong configs is refused by both, so that the two cannot drift apart silently.
 */
const REPO = resolve(import.meta.dirname, '../../../..');
const schema = JSON.parse(readFileSync(join(REPO, 'packages/cli/schema/apilife.config.schema.json'), 'utf8'));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
const errors = () => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('; ');
const project = tempProject();
afterAll(() => project.remove());

/** Loads `text` as the project's apilife.config.yaml: undefined when it loads, else the ConfigError's message. */
async function loaderError(text: string): Promise<string | undefined> {
  project.write('apilife.config.yaml', text);
  try {
    await loadProjectConfig(project.root);
    return undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.message;
  }
}

/** The README's ```yaml blocks that are configs: their first key is one of the config's. */
function readmeConfigs(): string[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.filter((block) =>
    /^(contracts|lint|generate|policy|broker|docs|\$schema):/m.test(block.replace(/^#.*\n/gm, '').split('\n')[0]!),
  );
}

describe('apilife.config.schema.json', () => {
  it('is a valid 2020-12 schema with a description on every property (editor completion)', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const missing: string[] = [];
    const walk = (node: Record<string, unknown>, at: string) => {
      for (const [key, value] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (
          typeof value.description !== 'string' &&
          !(node === schema.properties.policy.properties.rules) &&
          !String(value.$ref).startsWith('#/$defs/stage')
        )
          missing.push(`${at}.${key}`);
        walk(value, `${at}.${key}`);
      }
    };
    walk(schema, '');
    expect(missing).toEqual([]);
  });

  it('names the generate targets codegen has, no more and no fewer', () => {
    expect(schema.$defs.target.enum).toEqual([...TARGET_NAMES]);
  });

  it('accepts the repository’s own apilife.config.yaml, which the loader accepts too', async () => {
    const text = readFileSync(join(REPO, 'apilife.config.yaml'), 'utf8');
    expect(validate(parse(text)), errors()).toBe(true);
    await expect(loadProjectConfig(REPO)).resolves.toMatchObject({ dir: REPO });
  });

  it('accepts every config example of the README', async () => {
    const configs = readmeConfigs();
    expect(configs.length).toBeGreaterThanOrEqual(2);
    for (const text of configs) {
      expect(validate(parse(text)), `${errors()}\n${text}`).toBe(true);
      expect(await loaderError(text), text).toBeUndefined();
    }
  });

  it('and the loader accept $schema, as editors want it', async () => {
    const text = '$schema: ./node_modules/@apilife/cli/schema/apilife.config.schema.json\ncontracts: contracts\n';
    expect(validate(parse(text)), errors()).toBe(true);
    expect(await loaderError(text)).toBeUndefined();
  });

  // Each wrong config: the loader's message names the key, and the schema refuses it too.
  const bad: [string, { given: string; want: RegExp }][] = [
    ['an unknown top-level key', { given: 'contract: contracts', want: /unknown key "contract"/ }],
    ['$schema that is not a string', { given: '$schema: 3', want: /\$schema must be a string/ }],
    ['contracts that is not a string', { given: 'contracts: [a]', want: /contracts must be a string/ }],
    ['lint that is not a mapping', { given: 'lint: strict', want: /lint must be a mapping/ }],
    ['an unknown lint key', { given: 'lint: { spectrall: x.yaml }', want: /unknown key "lint.spectrall"/ }],
    ['a wrong fail severity', { given: 'lint: { failSeverity: warning }', want: /failSeverity must be error, warn, info or hint/ }],
    ['allowRefs not a list', { given: 'lint: { allowRefs: shared }', want: /allowRefs must be a list/ }],
    ['allowRefs of numbers', { given: 'lint: { allowRefs: [1] }', want: /allowRefs must be a list/ }],
    ['cache true', { given: 'lint: { cache: true }', want: /lint.cache must be a string/ }],
    ['an unknown limit', { given: 'lint: { limits: { maxBytes: 1 } }', want: /unknown key "lint.limits.maxBytes"/ }],
    ['a limit of 0', { given: 'lint: { limits: { maxDepth: 0 } }', want: /maxDepth must be a positive number/ }],
    ['generate not a list', { given: 'generate: { contract: a.yaml }', want: /generate must be a list/ }],
    [
      'a generate entry without out',
      { given: 'generate: [{ contract: a.yaml, targets: [server] }]', want: /generate\[0\].out must be a path/ },
    ],
    ['an empty list of targets', { given: 'generate: [{ contract: a.yaml, targets: [], out: gen }]', want: /targets must be a list/ }],
    [
      'an unknown generate key',
      { given: 'generate: [{ contract: a.yaml, targets: [server], out: gen, lang: ts }]', want: /unknown key "generate\[0\].lang"/ },
    ],
    ['an unknown policy key', { given: 'policy: { stage: {} }', want: /unknown key "policy.stage"/ }],
    ['an empty base', { given: "policy: { base: '' }", want: /policy.base must be a git ref/ }],
    ['an unknown stage', { given: 'policy: { stages: { beta: { breaking: allow } } }', want: /unknown stage "policy.stages.beta"/ }],
    [
      'a wrong breaking policy',
      { given: 'policy: { stages: { plan: { breaking: yes } } }', want: /breaking must be allow, major or forbid/ },
    ],
    ['negative sunsetDays', { given: 'policy: { stages: { plan: { sunsetDays: -1 } } }', want: /whole number of days/ }],
    ['fractional sunsetDays', { given: 'policy: { stages: { plan: { sunsetDays: 1.5 } } }', want: /whole number of days/ }],
    ['an unknown rule', { given: 'policy: { rules: { semantic: error } }', want: /unknown rule "policy.rules.semantic"/ }],
    ['a wrong rule level', { given: 'policy: { rules: { semver: fatal } }', want: /semver must be error, warn or off/ }],
    ['an unknown gate', { given: 'policy: { commands: { lint: x } }', want: /unknown gate "policy.commands.lint"/ }],
    ['a blank gate command', { given: "policy: { commands: { tests: '  ' } }", want: /tests must be a shell command/ }],
    ['a broker without a URL', { given: 'broker: { environment: production }', want: /broker.url must be an http\(s\) URL/ }],
    ['a broker URL that is not http', { given: 'broker: { url: ftp://broker }', want: /broker.url must be an http\(s\) URL/ }],
    ['a token in the config', { given: 'broker: { url: http://b, token: secret }', want: /unknown key "broker.token"/ }],
    [
      'a tokenEnv that is not a variable',
      { given: 'broker: { url: http://b, tokenEnv: 1TOKEN }', want: /tokenEnv must be an environment variable/ },
    ],
    ['an unknown docs key', { given: 'docs: { theme: dark }', want: /unknown key "docs.theme"/ }],
    ['docs not a mapping', { given: 'docs: site', want: /docs must be a mapping/ }],
  ];
  it.each(bad)('refuses %s, as the loader does', async (_, { given, want }) => {
    expect(await loaderError(given)).toMatch(want);
    expect(validate(parse(given)), `the schema accepts what the loader refuses: ${given}`).toBe(false);
  });

  // The other way: what the schema refuses, the loader refuses, where it can tell (not where the
  // loader accepts and a later step refuses: an unknown target name is codegen's error).
  const good = [
    'lint: { cache: false, limits: { maxFiles: 10, fetchTimeoutMs: 100 } }',
    'generate: [{ contract: a.yaml, targets: server, out: gen }]',
    'policy: { base: origin/main, stages: { maintain: { breaking: forbid, sunsetDays: 120 } }, rules: { sunset-passed: off } }',
    'broker: { url: https://broker.example.com/, tokenEnv: MY_TOKEN, environment: staging }',
    'docs: { title: Pets, out: site, pacts: pacts }',
  ];
  it.each(good)('accepts %s, as the loader does', async (given) => {
    expect(await loaderError(given)).toBeUndefined();
    expect(validate(parse(given)), errors()).toBe(true);
  });
});
