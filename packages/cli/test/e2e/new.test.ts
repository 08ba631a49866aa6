import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempProject, type TempProject } from '@apilife/test-utils';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { runApilife } from '../run-cli.ts';

const REPO = join(import.meta.dirname, '../../../..');

/** A temp copy of the repository's contracts and lint rules. */
function copyOfProject(): TempProject {
  const project = tempProject();
  cpSync(join(REPO, 'contracts'), project.path('contracts'), { recursive: true });
  for (const file of ['.spectral.yaml', 'redocly.yaml']) cpSync(join(REPO, file), project.path(file));
  return project;
}

describe('apilife new', () => {
  const projects: TempProject[] = [];
  const make = (copy = true) => {
    const project = copy ? copyOfProject() : tempProject();
    projects.push(project);
    return project;
  };
  afterEach(() => {
    for (const p of projects.splice(0)) p.remove();
  });

  it("creates contracts that pass apilife lint with the project's rules, without a single finding", async () => {
    const project = make();
    const run = await runApilife(['new', 'billing-reports', '--kind', 'both'], project.root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^created billing-reports at stage plan \(owner team-billing-reports\):\n {2}✓ contracts\/billing-reports\/openapi\.yaml\n {2}✓ contracts\/billing-reports\/asyncapi\.yaml$/m,
    );
    expect(run.stdout).toMatch(/apilife lint contracts\/billing-reports\/openapi\.yaml contracts\/billing-reports\/asyncapi\.yaml/);
    expect(run.stdout).toMatch(/apilife lifecycle promote billing-reports design/);
    expect(run.stdout).toMatch(/fill in the planning facts \(info\.x-lifecycle\.planning: audience, consumers, dataClassification, slo\)/);
    expect(run.stdout).toMatch(
      /before develop, add generate entries to apilife\.config\.yaml: \{ contract: contracts\/billing-reports\/openapi\.yaml, targets: \[server\], out: services\/billing-reports\/src\/generated\/billing-reports \}/,
    );
    const openapi = readFileSync(project.path('contracts/billing-reports/openapi.yaml'), 'utf8');
    expect(openapi).toMatch(/\$ref: '\.\.\/_shared\/problem\.yaml#\/components\/responses\/BadRequest'/);
    expect(parse(openapi).info).toMatchObject({
      title: 'Billing Reports API',
      version: '0.1.0',
      'x-lifecycle': { stage: 'plan', owner: 'team-billing-reports' },
    });
    const lint = await runApilife(['lint', 'contracts/billing-reports', '--format', 'json'], project.root);
    expect(lint.code).toBe(0);
    const report = JSON.parse(lint.stdout);
    expect(report.summary).toMatchObject({ files: 2, errors: 0, warnings: 0 });
    expect(report.diagnostics).toEqual([]);
  });

  it('a project without contracts/_shared gets self-contained contracts that lint without errors', async () => {
    const project = make(false);
    for (const file of ['.spectral.yaml', 'redocly.yaml']) cpSync(join(REPO, file), project.path(file));
    expect((await runApilife(['new', 'pets', '--kind', 'both', '--owner', 'team-zoo', '--title', 'Pet Store'], project.root)).code).toBe(0);
    expect(readFileSync(project.path('contracts/pets/openapi.yaml'), 'utf8')).not.toMatch(/_shared/);
    const lint = await runApilife(['lint', '--format', 'json'], project.root);
    expect(lint.code).toBe(0);
    // Only reminders to fill in what no other contract shows: the license and the contact.
    const codes = JSON.parse(lint.stdout).diagnostics.map((d: { code: string; severity: string }) => `${d.severity} ${d.code}`);
    expect(codes.sort()).toEqual(['warn asyncapi-info-contact-properties', 'warn asyncapi-info-license', 'warn info-license']);
  });

  it('same arguments, same bytes; --format json', async () => {
    const [a, b] = [make(), make()];
    const json = await runApilife(['new', 'billing', '--kind', 'asyncapi', '--format', 'json'], a.root);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      service: 'billing',
      owner: 'team-billing',
      title: 'Billing',
      files: [{ kind: 'asyncapi', path: 'contracts/billing/asyncapi.yaml', shared: true }],
      next: expect.arrayContaining(['apilife lifecycle promote billing design']),
    });
    expect((await runApilife(['new', 'billing', '--kind', 'asyncapi'], b.root)).code).toBe(0);
    expect(readFileSync(a.path('contracts/billing/asyncapi.yaml'), 'utf8')).toBe(
      readFileSync(b.path('contracts/billing/asyncapi.yaml'), 'utf8'),
    );
    expect(existsSync(a.path('contracts/billing/openapi.yaml'))).toBe(false);
  });

  it('refuses an existing contract (nothing overwritten) and a name that is not kebab-case: exit 2', async () => {
    const project = make();
    const existing = project.path('contracts/package/openapi.yaml');
    const before = readFileSync(existing, 'utf8');
    const run = await runApilife(['new', 'package', '--kind', 'both'], project.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/package\/openapi\.yaml already exists: nothing written/);
    expect(readFileSync(existing, 'utf8')).toBe(before);
    expect(existsSync(project.path('contracts/package/asyncapi.yaml'))).toBe(false);
    writeFileSync(project.path('contracts/package/asyncapi.yaml'), 'keep\n');
    for (const args of [
      ['new', 'Billing'],
      ['new', 'billing_reports'],
      ['new'],
      ['new', 'a', 'b'],
      ['new', 'billing', '--kind', 'grpc'],
      ['new', 'billing', '--format', 'xml'],
    ]) {
      const bad = await runApilife(args, project.root);
      expect(bad.code, args.join(' ')).toBe(2);
    }
    expect((await runApilife(['new', 'Billing'], project.root)).stderr).toMatch(/"Billing" is not a service name: use kebab-case/);
    expect(existsSync(project.path('contracts/Billing'))).toBe(false);
  });

  it('--help documents the options, the template, --format json and the exit codes', async () => {
    const run = await runApilife(['new', '--help'], REPO);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: apilife new <service>/);
    expect(run.stdout).toMatch(/--kind <kind> +openapi \(default\), asyncapi or both/);
    expect(run.stdout).toMatch(/--owner <team> .*default: team-<service>/);
    expect(run.stdout).toMatch(/--format <name> +text \(default\) or json/);
    expect(run.stdout).toMatch(/Exit codes: 0 written, 2 /);
  });
});
