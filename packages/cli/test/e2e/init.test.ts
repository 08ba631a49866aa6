import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadProjectConfig } from '@apilife/contract';
import { ACTION_REF, CONFIG_SCHEMA_PATH, planNewApi } from '@apilife/lifecycle';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runApilife } from '../run-cli.ts';

const REPO = join(import.meta.dirname, '../../../..');
const validate = new Ajv2020({ strict: true }).compile(
  JSON.parse(readFileSync(join(REPO, 'packages/cli/schema/apilife.config.schema.json'), 'utf8')),
);

describe('apilife init', () => {
  let dir = '';
  const read = (rel: string) => readFileSync(join(dir, rel), 'utf8');
  const snapshot = (files: string[]) => Object.fromEntries(files.map((f) => [f, read(f)]));
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'apilife-init-')), 'pet-store');
    mkdirSync(dir);
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('writes the config, rulesets, first contract, package.json and workflow, and says what is next', async () => {
    const run = await runApilife(['init', '--kind', 'both'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const file of [
      'apilife.config.yaml',
      '.spectral.yaml',
      'redocly.yaml',
      'contracts/pet-store/openapi.yaml',
      'contracts/pet-store/asyncapi.yaml',
      'package.json',
      '.gitignore',
      '.github/workflows/apilife.yml',
    ])
      expect(run.stdout).toMatch(new RegExp(`✓ ${file.replace(/\./g, '\\.')} +written`));
    expect(run.stdout).toMatch(/next:\n {2}1\. npm i -D @apilife\/cli\n {2}2\. npm run api:lint/);

    // The config: the schema for editors, valid against it, and loaded by apilife.
    const config = read('apilife.config.yaml');
    expect(config.split('\n')[0]).toBe(`# yaml-language-server: $schema=${CONFIG_SCHEMA_PATH}`);
    expect(validate(parse(config)), JSON.stringify(validate.errors)).toBe(true);
    const loaded = await loadProjectConfig(dir);
    expect(loaded.generate.map((g) => [g.contract, g.targets, g.out])).toEqual([
      [join(dir, 'contracts/pet-store/openapi.yaml'), ['types'], join(dir, 'src/generated/pet-store')],
      [join(dir, 'contracts/pet-store/asyncapi.yaml'), ['types'], join(dir, 'src/generated/pet-store-messaging')],
    ]);
    expect(loaded.lint).toMatchObject({ spectral: join(dir, '.spectral.yaml'), redocly: join(dir, 'redocly.yaml') });
    // The ruleset extends the house rules as README "House rules" shows.
    expect(parse(read('.spectral.yaml')).extends).toEqual(['spectral:oas', 'spectral:asyncapi', 'apilife:recommended']);
    // The contract is apilife new's.
    const fresh = mkdtempSync(join(tmpdir(), 'apilife-init-new-'));
    const planned = planNewApi(
      { ...loaded, contracts: join(fresh, 'contracts') },
      { service: 'pet-store', kinds: ['openapi', 'asyncapi'] },
    );
    rmSync(fresh, { recursive: true, force: true });
    expect(read('contracts/pet-store/openapi.yaml')).toBe(planned.contracts[0]!.text);
    expect(read('contracts/pet-store/asyncapi.yaml')).toBe(planned.contracts[1]!.text);
    expect(JSON.parse(read('package.json'))).toEqual({
      name: 'pet-store',
      private: true,
      type: 'module',
      scripts: {
        'api:lint': 'apilife lint',
        'api:generate': 'apilife generate',
        'api:check': 'apilife check',
        'api:docs': 'apilife docs build',
      },
    });
    const workflow = parse(read('.github/workflows/apilife.yml'));
    expect(workflow.permissions).toEqual({ contents: 'read', 'security-events': 'write', 'pull-requests': 'write' });
    expect(workflow.jobs.apilife.steps.at(-1)).toEqual({ uses: ACTION_REF });
    expect(workflow.jobs.apilife.steps.map((s: { run?: string }) => s.run).filter(Boolean)).toEqual(['npm ci']);
  });

  it('a second run changes nothing, and says it kept every file', async () => {
    await runApilife(['init'], dir);
    const files = [
      'apilife.config.yaml',
      '.spectral.yaml',
      'redocly.yaml',
      'contracts/pet-store/openapi.yaml',
      'package.json',
      '.gitignore',
      '.github/workflows/apilife.yml',
    ];
    const before = snapshot(files);
    const again = await runApilife(['init'], dir);
    expect(again.code).toBe(0);
    expect(snapshot(files)).toEqual(before);
    expect(again.stdout).toMatch(/· apilife\.config\.yaml +kept: it exists \(--force overwrites it\)/);
    expect(again.stdout).toMatch(/· contracts\/pet-store\/openapi\.yaml +kept: it exists \(a contract is never overwritten\)/);
    expect(again.stdout).toContain('nothing changed: the project is set up');
    const json = JSON.parse((await runApilife(['init', '--format', 'json'], dir)).stdout);
    expect(json.files.map((f: { action: string }) => f.action)).toEqual(files.map(() => 'keep'));
  });

  it('keeps edited files unless --force, which never overwrites a contract', async () => {
    await runApilife(['init', '--ci', 'none'], dir);
    expect(existsSync(join(dir, '.github'))).toBe(false);
    writeFileSync(join(dir, '.spectral.yaml'), 'extends: [spectral:oas]\n');
    writeFileSync(join(dir, 'contracts/pet-store/openapi.yaml'), 'openapi: 3.1.0 # mine\n');
    await runApilife(['init', '--ci', 'none'], dir);
    expect(read('.spectral.yaml')).toBe('extends: [spectral:oas]\n');
    const forced = await runApilife(['init', '--ci', 'none', '--force', '--format', 'json'], dir);
    expect(forced.code).toBe(0);
    expect(read('.spectral.yaml')).toMatch(/apilife:recommended/);
    expect(read('contracts/pet-store/openapi.yaml')).toBe('openapi: 3.1.0 # mine\n');
    expect(JSON.parse(forced.stdout).files).toContainEqual({ path: '.spectral.yaml', action: 'overwrite' });
  });

  it('adds its scripts to an existing package.json, its own bytes unchanged, names the service after it', async () => {
    const pkg = '{\n\t"name": "@acme/billing",\n\t"files": ["dist"],\n\t"scripts": {\n\t\t"api:lint": "spectral lint"\n\t}\n}\n';
    writeFileSync(join(dir, 'package.json'), pkg);
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n/docs-site');
    const run = await runApilife(['init', '--ci', 'none'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^apilife init \. · service billing/);
    expect(run.stdout).toMatch(/✓ package\.json +merged: added api:generate, api:check, api:docs; kept the scripts it has: api:lint/);
    expect(read('package.json')).toBe(
      '{\n\t"name": "@acme/billing",\n\t"files": ["dist"],\n\t"scripts": {\n\t\t"api:lint": "spectral lint",\n\t\t"api:generate": "apilife generate",\n\t\t"api:check": "apilife check",\n\t\t"api:docs": "apilife docs build"\n\t}\n}\n',
    );
    expect(existsSync(join(dir, 'contracts/billing/openapi.yaml'))).toBe(true);
    expect(run.stdout).toMatch(/✓ \.gitignore +merged: added \.apilife-cache\//);
    expect(read('.gitignore')).toBe('node_modules\n/docs-site\n# apilife: the lint cache and the portal\n.apilife-cache/\n');
  });

  it('keeps a project’s config of another kind, and puts the contract in its contracts root', async () => {
    writeFileSync(join(dir, 'apilife.config.json'), JSON.stringify({ contracts: 'api' }));
    const run = await runApilife(['init', '--ci', 'none'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/· apilife\.config\.json +kept: the project’s config/);
    expect(existsSync(join(dir, 'apilife.config.yaml'))).toBe(false);
    expect(existsSync(join(dir, 'api/pet-store/openapi.yaml'))).toBe(true);
  });

  it.each([
    ['a folder that does not exist', ['init', 'nowhere'], /nowhere does not exist: create it first/],
    ['a service name that is not kebab-case', ['init', '--service', 'Pet_Store'], /"Pet_Store" is not a service name/],
    ['an unknown kind', ['init', '--kind', 'graphql'], /unknown kind "graphql"/],
    ['an unknown --ci', ['init', '--ci', 'gitlab'], /unknown --ci "gitlab": use github or none/],
  ])('refuses %s: exit 2, nothing written', async (_, args, message) => {
    const run = await runApilife(args, dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(existsSync(join(dir, 'apilife.config.yaml'))).toBe(false);
  });

  it('refuses a package.json that is not JSON, and a file for a folder', async () => {
    writeFileSync(join(dir, 'package.json'), '{ "name": ');
    const bad = await runApilife(['init', '--service', 'pets'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/package\.json: .*JSON/);
    expect(existsSync(join(dir, 'apilife.config.yaml'))).toBe(false);
    const file = await runApilife(['init', 'package.json'], dir);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/package\.json is not a folder/);
  });

  /**
   * Root writes into any folder, so as root the CLI runs (built, as `pnpm test` leaves it) as the
   * user `nobody` in a folder only root owns; otherwise in this process, in a folder made read-only.
   */
  it('refuses a folder it cannot write', async () => {
    const root = process.getuid?.() === 0;
    // nobody must reach the folder: its parent (mkdtemp's, 0700) is opened for the run too.
    if (root) chmodSync(dirname(dir), 0o755);
    chmodSync(dir, root ? 0o755 : 0o500);
    try {
      const run = root ? await runAsNobody(['init'], dir) : await runApilife(['init'], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/is not writable: nothing written/);
      expect(existsSync(join(dir, 'apilife.config.yaml'))).toBe(false);
    } finally {
      chmodSync(dir, 0o700);
      if (root) chmodSync(dirname(dir), 0o700);
    }
  });
});

/** The built CLI as the user `nobody` (uid 65534), for the one case root cannot be refused. */
function runAsNobody(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const bin = join(REPO, 'packages/cli/bin/apilife.js');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd, uid: 65534, gid: 65534, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
