import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pactCheckExitCode } from './check.ts';
import { formatPactJson, formatPactMarkdown, formatPactText } from './format.ts';
import { readPactText } from './pact-file.ts';
import { checkFixture, httpInteraction, messageInteraction, pact } from './test-pacts.ts';

const problemOf = async (text: string) => {
  const report = await checkFixture({ 'bad.json': text });
  expect(pactCheckExitCode(report)).toBe(2);
  expect(report.problems).toHaveLength(1);
  return report.problems[0]!;
};

describe('apilife pact check: bad input', () => {
  it('names the line and column of invalid JSON', async () => {
    const problem = await problemOf('{\n  "consumer": { "name": "web" },\n  "provider": oops\n}');
    expect(problem.code).toBe('parse-error');
    expect(problem.message).toMatch(/bad\.json:3:\d+: invalid JSON/);
  });

  it.each([
    ['an array', '[1, 2]', /not a pact: the file holds an array/],
    ['a number', '42', /not a pact/],
    ['no consumer', JSON.stringify({ provider: { name: 'shop' }, interactions: [] }), /consumer/],
    [
      'a consumer without a name',
      JSON.stringify({ consumer: {}, provider: { name: 'shop' }, interactions: [] }),
      /consumer must have a name/,
    ],
    ['no interactions', JSON.stringify({ consumer: { name: 'web' }, provider: { name: 'shop' } }), /no interactions/],
    [
      'interactions that are not an array',
      JSON.stringify({ consumer: { name: 'web' }, provider: { name: 'shop' }, interactions: {} }),
      /"interactions" must be an array/,
    ],
    [
      'an HTTP interaction without a request',
      JSON.stringify(pact([{ description: 'x', response: { status: 200 } }])),
      /must have a request/,
    ],
    [
      'a status that is not one',
      JSON.stringify(pact([httpInteraction({ response: { status: 'ok' } })])),
      /response status must be an HTTP status/,
    ],
  ])('refuses %s', async (_name, text, message) => {
    const problem = await problemOf(text);
    expect(problem.message).toMatch(message);
    expect(problem.message).toMatch(/bad\.json:\d+:\d+: /);
  });

  it('refuses an unknown Pact specification version, naming where it is written', async () => {
    const problem = await problemOf(
      JSON.stringify(pact([httpInteraction()], { metadata: { pactSpecification: { version: '9.1.0' } } }), null, 2),
    );
    expect(problem.code).toBe('pact-version-unknown');
    expect(problem.message).toMatch(
      /bad\.json:\d+:\d+: unknown Pact specification version "9.1.0".*\(at \/metadata\/pactSpecification\/version\)/,
    );
  });

  it('refuses a file over the size limit without reading it', async () => {
    const report = await checkFixture({ 'big.json': JSON.stringify(pact([httpInteraction({ description: 'x'.repeat(5000) })])) });
    expect(report.problems).toEqual([]);
    const { checkPacts } = await import('./check.ts');
    const limited = await checkPacts([report.dir], { contracts: '/nowhere', limits: { maxFileBytes: 1024 } });
    expect(limited.problems[0]?.code).toBe('pact-too-large');
    expect(limited.problems[0]?.message).toMatch(/larger than the limit of 1\.0 KB/);
  });

  it('refuses nesting past the depth limit before anything recursive runs', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const problem = await problemOf(
      `{"consumer":{"name":"web"},"provider":{"name":"shop"},"interactions":[{"request":{"method":"GET","path":"/","body":${deep}}}]}`,
    );
    expect(problem.message).toMatch(/nest/i);
  });

  it('judges a deep but allowed body without overflowing', async () => {
    let value: unknown = 'x';
    for (let i = 0; i < 400; i++) value = { note: value };
    const report = await checkFixture({
      'web-shop.json': pact([
        httpInteraction({
          response: {
            body: {
              content: { id: '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b', status: 'placed', total: 1, deep: value },
              contentType: 'application/json',
              encoded: false,
            },
          },
        }),
      ]),
    });
    expect(report.problems).toEqual([]);
    expect(report.findings.map((f) => f.code)).toEqual(['response.body.property.unknown']);
  });

  it('refuses an unknown provider, and a provider name that is a path', async () => {
    for (const provider of ['nobody', '../shop', '..', 'a/b']) {
      const report = await checkFixture({ 'x.json': pact([httpInteraction()], { provider: { name: provider } }) });
      expect(pactCheckExitCode(report)).toBe(2);
      expect(report.problems[0]?.code).toBe('provider-unknown');
      expect(report.problems[0]?.message).toMatch(/unknown provider .*\(providers: shop\)/);
    }
  });

  it('keeps __proto__ keys as data', async () => {
    const text = JSON.stringify(
      pact([
        httpInteraction({ request: { query: { ['__proto__']: ['1'] }, headers: { Authorization: ['Bearer t'], ['__proto__']: ['x'] } } }),
      ]),
    );
    const report = await checkFixture({ 'web-shop.json': text });
    expect(report.problems).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(report.findings.map((f) => f.code).sort()).toEqual(['request.header.unknown', 'request.query.unknown']);
  });

  it('neutralises control characters and ANSI escapes in every output, and cuts huge strings', async () => {
    const hostile = `\u001b[2J\u001b]8;;http://evil\u0007click\u001b]8;;\u0007\r\u0000${'y'.repeat(200_000)}`;
    const report = await checkFixture({
      'web-shop.json': pact([httpInteraction({ description: hostile, request: { path: `/nowhere/${hostile}` } })]),
    });
    const text = formatPactText(report, { cwd: report.dir, color: false });
    const markdown = formatPactMarkdown(report, { cwd: report.dir });
    for (const out of [text, markdown]) {
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(out.length).toBeLessThan(5_000);
    }
    expect(text).toContain('\\u001b[2J');
    expect(JSON.parse(formatPactJson(report, { cwd: report.dir })).files[0].findings[0].interaction.description).toBe(hostile);
  });

  it('runs a hostile regex in linear time', async () => {
    const report = await checkFixture({
      'web-shop.json': pact([
        httpInteraction({
          response: {
            body: {
              content: { id: '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b', status: 'placed', total: 1, note: `${'a'.repeat(50_000)}!` },
              contentType: 'application/json',
              encoded: false,
            },
            matchingRules: {
              body: {
                '$.note': { matchers: [{ match: 'regex', regex: '^(a+)+$' }] },
                '$.status': { matchers: [{ match: 'regex', regex: '(x+x+)+y' }] },
              },
            },
          },
        }),
      ]),
    });
    // The note's example misses its regex; the status's example misses its regex, and no enum value matches it.
    expect(report.findings.map((f) => f.code)).toEqual([
      'response.body.incompatible',
      'response.body.incompatible',
      'response.body.incompatible',
    ]);
  });

  it('never throws on arbitrary JSON, and answers 2 for what is not a pact', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const read = readPactText(JSON.stringify(value), 'fuzz.json');
        expect(read.pact !== undefined || read.problems.length > 0).toBe(true);
      }),
      { numRuns: 500, seed: 16 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const read = readPactText(text, 'fuzz.json');
        expect(read.pact !== undefined || read.problems.length > 0).toBe(true);
      }),
      { numRuns: 500, seed: 17 },
    );
  });

  it('never throws on pacts with any part replaced by arbitrary JSON', async () => {
    const paths = [
      'request',
      'request/path',
      'request/query',
      'request/headers',
      'request/body',
      'response',
      'response/status',
      'response/body',
      'response/headers',
      'response/matchingRules',
      'providerStates',
      'type',
      'contents',
      'metadata',
      'matchingRules',
      'comments',
    ];
    const samples = fc.sample(fc.record({ message: fc.boolean(), path: fc.constantFrom(...paths), value: fc.jsonValue({ maxDepth: 4 }) }), {
      numRuns: 80,
      seed: 1616,
    });
    const files: Record<string, unknown> = {};
    samples.forEach(({ message, path, value }, i) => {
      const interaction = message ? messageInteraction() : httpInteraction();
      const keys = path.split('/');
      let at = interaction as Record<string, unknown>;
      for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
      if (typeof at === 'object' && at !== null) at[keys.at(-1)!] = value;
      files[`fuzz-${i}.json`] = pact([interaction]);
    });
    const report = await checkFixture(files);
    expect(report.files).toHaveLength(samples.length);
    expect([0, 1, 2]).toContain(pactCheckExitCode(report));
    for (const result of report.files) expect(result.problems.length > 0 || result.interactions === 1).toBe(true);
  });
});
