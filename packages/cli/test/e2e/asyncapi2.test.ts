import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncApi2Project, DELIVERY_ASYNCAPI_30 } from '@apilife/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { runApilife } from '../run-cli.ts';

const REPO = join(import.meta.dirname, '../../../..');
const COMMITTED = join(REPO, 'services/delivery/src/generated/delivery-messaging');

/** A generated file without the lines that name its source and how to regenerate it. */
const body = (text: string) =>
  text
    .split('\n')
    .filter((l) => !/^\/\/ (Source|Regenerate):/.test(l))
    .join('\n');

/**
 * A team on AsyncAPI 2: the Delivery messaging contract written in 2.6 (with the repository's other
 * contracts around it) goes through generate, diff, docs and convert as if it were the 3.0 contract.
 */
describe('apilife on an AsyncAPI 2.6 contract', () => {
  const project = asyncApi2Project();
  afterAll(() => project.remove());
  project.write(
    'apilife.config.yaml',
    'contracts: contracts\nlint:\n  cache: false\ngenerate:\n  - { contract: contracts/delivery/asyncapi.yaml, targets: [messaging, pact], out: gen/delivery-messaging }\n',
  );

  it('generate --target messaging writes the code the 3.0 contract gives (committed and type-checked in services/delivery)', async () => {
    const run = await runApilife(['generate'], project.root);
    expect(run.code, run.stderr).toBe(0);
    const files = readdirSync(COMMITTED).sort();
    expect(readdirSync(project.path('gen/delivery-messaging')).sort()).toEqual(files);
    for (const file of files)
      expect(body(readFileSync(project.path(`gen/delivery-messaging/${file}`), 'utf8')), file).toBe(
        body(readFileSync(join(COMMITTED, file), 'utf8')),
      );
  });

  it('diff between the 3.0 contract and the 2.6 one finds no change, and says the new side was converted', async () => {
    const args = ['diff', DELIVERY_ASYNCAPI_30, 'contracts/delivery/asyncapi.yaml', '--old-root', join(REPO, 'contracts')];
    const text = await runApilife(args, project.root);
    expect(text.stdout).toMatch(/^no changes · 4\.3\.0 → 4\.3\.0/);
    expect(text.code).toBe(0);
    const json = JSON.parse((await runApilife([...args, '--format', 'json'], project.root)).stdout);
    expect(json).toMatchObject({ kind: 'asyncapi', changes: [], new: { convertedFrom: '2.6.0' } });
    expect(json.old.convertedFrom).toBeUndefined();
  });

  it('docs build shows the contract and says it was converted from 2.6', async () => {
    const run = await runApilife(['docs', 'build', '--out', 'site', '--no-changelog'], project.root);
    expect(run.code, run.stderr).toBe(0);
    const page = readFileSync(project.path('site/apis/delivery/asyncapi.html'), 'utf8');
    expect(page).toContain('written in AsyncAPI 2.6.0, converted to 3.0 in memory');
    expect(page).toContain('id="op-publishDeliveryEvents"');
    expect(readFileSync(project.path('site/index.html'), 'utf8')).toContain('written in AsyncAPI 2.6.0');
  });

  it('pact check judges the Delivery History pact of its messages against the 2.6 contract', async () => {
    const run = await runApilife(['pact', 'check', join(REPO, 'pacts/delivery-history-delivery.json'), '--format', 'json'], project.root);
    expect(run.code, run.stdout.slice(0, 2000)).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ compatible: true, counts: { interactions: 4, errors: 0, warnings: 0 } });
  });

  it('convert writes a 3.0 contract that lints clean, gives the same code and is no change since the 2.6 commit', async () => {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'user.name=apilife', '-c', 'user.email=apilife@example.com', ...args], {
        cwd: project.root,
        stdio: 'pipe',
      });
    git('init', '-q', '-b', 'main');
    git('add', 'contracts');
    git('commit', '-q', '-m', 'delivery messaging in AsyncAPI 2.6');
    const converted = await runApilife(
      ['convert', 'contracts/delivery/asyncapi.yaml', '--out', 'contracts/delivery/asyncapi.yaml'],
      project.root,
    );
    expect(converted.stdout).toMatch(
      /✓ contracts\/delivery\/asyncapi\.yaml \(AsyncAPI 2\.6\.0\) → contracts\/delivery\/asyncapi\.yaml \(AsyncAPI 3\.0\.0\)/,
    );
    expect(converted.code).toBe(0);
    expect(readFileSync(project.path('contracts/delivery/asyncapi.yaml'), 'utf8')).toMatch(/^asyncapi: 3\.0\.0$/m);
    const lint = await runApilife(['lint', 'contracts/delivery/asyncapi.yaml', '--format', 'json'], project.root);
    const findings = JSON.parse(lint.stdout).diagnostics as { severity: string; code: string }[];
    expect(findings.filter((d) => d.severity === 'error' || d.severity === 'warn')).toEqual([]);
    const again = await runApilife(['convert', 'contracts/delivery/asyncapi.yaml'], project.root);
    expect(again.stderr).toMatch(/already AsyncAPI 3\.0\.0: nothing to convert/);
    const check = await runApilife(['generate', '--check'], project.root);
    expect(check.code, check.stderr).toBe(0);
    const since = await runApilife(['diff', '--base', 'HEAD'], project.root);
    expect(since.stdout).toMatch(/^no contract changed since HEAD/);
    expect(since.code).toBe(0);
  });
});

/**
 * A repository half-way: Delivery History's 3.0 contract `$ref`s the Delivery contract's
 * components, and the Delivery contract is written in 2.6. The `$ref`s land in its 3.0 conversion
 * (the IR, the parser), and lint says nothing of the 2.x file that is about 2.x judged as 3.0.
 */
describe('a 3.0 contract with $refs into a 2.6 one', () => {
  const project = asyncApi2Project();
  afterAll(() => project.remove());
  cpSync(join(REPO, 'contracts/delivery-history'), project.path('contracts/delivery-history'), { recursive: true });
  project.write('apilife.config.yaml', 'contracts: contracts\nlint:\n  cache: false\n');
  const history = 'contracts/delivery-history/asyncapi.yaml';

  it('builds: generate, and docs --strict with no broken contract', async () => {
    const generate = await runApilife(['generate', history, '--target', 'messaging', '--out', 'gen/history'], project.root);
    expect(generate.code, generate.stderr).toBe(0);
    const docs = await runApilife(['docs', 'build', '--out', 'site', '--no-changelog', '--strict'], project.root);
    expect(docs.code, docs.stderr).toBe(0);
    expect(docs.stderr).not.toMatch(/broken/);
  });

  it('lints with no error, and nothing placed in the 2.6 file', async () => {
    const lint = await runApilife(['lint', history, '--format', 'json'], project.root);
    const findings = JSON.parse(lint.stdout).diagnostics as { severity: string; file: string; code: string }[];
    expect(findings.filter((d) => d.severity === 'error')).toEqual([]);
    expect(findings.filter((d) => d.file.endsWith('delivery/asyncapi.yaml'))).toEqual([]);
    expect(lint.code).toBe(0);
  });
});
