import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractsOnDisk, fillInTemplate, tempProject, type TempProject } from '@apilife/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApilife } from '../run-cli.ts';

const REPO = join(import.meta.dirname, '../../../..');

/** A temp copy of the repository's contracts and lint rules, with the policy commands given and code generated for pets. */
function copyOfProject(commands: Record<string, string> = {}): TempProject {
  const policy = Object.keys(commands).length
    ? `policy:\n  commands:\n${Object.entries(commands)
        .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`)
        .join('')}`
    : '';
  const project = tempProject(`contracts: contracts\nlint:\n  cache: false\n${GENERATE}${policy}`);
  cpSync(join(REPO, 'contracts'), project.path('contracts'), { recursive: true });
  for (const file of ['.spectral.yaml', 'redocly.yaml']) cpSync(join(REPO, file), project.path(file));
  return project;
}

/** The repository's generated code for delivery's server (copied), and pets' types (generated in the test that needs them). */
const GENERATE = `generate:
  - { contract: contracts/delivery/openapi.yaml, targets: [server, pact], out: services/delivery/src/generated/delivery }
  - { contract: contracts/pets/openapi.yaml, targets: [types], out: gen/pets }
  - { contract: contracts/pets/asyncapi.yaml, targets: [messaging], out: gen/pets-messaging }
`;

describe('apilife lifecycle status', () => {
  it("lists the repository's contracts with the stage and owner of each file; exit 0 when nothing is overdue", async () => {
    const run = await runApilife(['lifecycle', 'status', '--today', '2026-11-25'], REPO);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^API +STAGE +VERSION +OWNER +DEPRECATED +NEXT SUNSET +OVERDUE$/m);
    const onDisk = contractsOnDisk(REPO);
    for (const [file, { stage, owner }] of onDisk) {
      expect(run.stdout).toMatch(new RegExp(`^${file.replace('.', '\\.')} +${stage} +[\\d.]+ +${owner} `, 'm'));
    }
    expect(onDisk.size).toBeGreaterThan(5);
    expect(run.stdout).toMatch(/nothing overdue on 2026-11-25/);
  });

  it('a --today past the sunsets: OVERDUE in text, overdue lists in json, exit 1', async () => {
    const text = await runApilife(['lifecycle', 'status', '--today', '2999-01-01'], REPO);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^ {2}\w+ +sunset \d{4}-\d{2}-\d{2} → \w+ {2}\(OVERDUE by \d+ days\)$/m);
    const json = await runApilife(['lifecycle', 'status', '--today', '2999-01-01', '--format', 'json'], REPO);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.today).toBe('2999-01-01');
    expect(report.overdue).toBeGreaterThan(0);
    const api = report.apis.find((a: { overdue: string[] }) => a.overdue.length > 0);
    expect(Object.keys(api)).toEqual([
      'path',
      'file',
      'service',
      'kind',
      'title',
      'version',
      'stage',
      'owner',
      'sunset',
      'successor',
      'deprecated',
      'overdue',
      'consumers',
    ]);
    expect(api.deprecated.find((d: { overdue: boolean }) => d.overdue)).toMatchObject({
      stage: 'deprecated',
      sunset: expect.stringMatching(/^\d{4}-/),
      daysLeft: expect.any(Number),
    });
  });

  it('usage errors exit 2', async () => {
    for (const args of [
      ['lifecycle'],
      ['lifecycle', 'stats'],
      ['lifecycle', 'status', '--today', '25.11.2026'],
      ['lifecycle', 'status', '--format', 'xml'],
      ['lifecycle', 'status', 'delivery'],
      ['lifecycle', 'status', '--force'],
    ]) {
      const run = await runApilife(args, REPO);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/✘/);
    }
  });

  it('--help documents both subcommands, the gates, the exit codes and --format json', async () => {
    const run = await runApilife(['lifecycle', '--help'], REPO);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: apilife lifecycle status/);
    expect(run.stdout).toMatch(/design +lint +/);
    expect(run.stdout).toMatch(/^ +planning +info\.x-lifecycle\.planning has audience, consumers, dataClassification and slo/m);
    expect(run.stdout).toMatch(/^ +template +nothing is left of the apilife new template/m);
    expect(run.stdout).toMatch(/deprecated needs\s+info\.x-lifecycle\.sunset at least policy\.stages\.<the stage left>\.sunsetDays/);
    expect(run.stdout).toMatch(/retired +retirement +/);
    expect(run.stdout).toMatch(/verify asks the broker can-i-deploy[\s\S]*No broker configured \(broker\.url\) or no version: it fails/);
    expect(run.stdout).toMatch(/Exits 1 when something is overdue/);
    expect(run.stdout).toMatch(/--format json/);
  });
});

describe('apilife lifecycle promote', () => {
  let project: TempProject;
  const pets = () => project.path('contracts/pets/openapi.yaml');
  const read = (file = pets()) => readFileSync(file, 'utf8');
  /** A copy of the project with `apilife new pets --kind both`, filled in as its team would (unless `untouched`). */
  const newProject = async (commands: Record<string, string>, untouched = false) => {
    project = copyOfProject(commands);
    const created = await runApilife(['new', 'pets', '--kind', 'both'], project.root);
    expect(created.code).toBe(0);
    if (untouched) return;
    for (const file of [pets(), project.path('contracts/pets/asyncapi.yaml')]) writeFileSync(file, fillInTemplate(read(file)));
  };
  afterEach(() => project.remove());

  describe('with every command configured', () => {
    beforeEach(() => newProject({ tests: 'echo testing {service}', verify: 'true', docs: 'echo docs {kind} {contract}' }));

    it('success rewrites exactly the stage value, in every contract of the service', async () => {
      const before = [read(), read(project.path('contracts/pets/asyncapi.yaml'))];
      const notGenerated = await runApilife(['lifecycle', 'promote', 'pets', 'develop', '--dry-run'], project.root);
      expect(notGenerated.code).toBe(1);
      expect(notGenerated.stdout).toMatch(/^✘ generated +develop +\d+ generated files out of date: run pnpm apilife generate/m);
      expect((await runApilife(['generate'], project.root)).code).toBe(0);
      const run = await runApilife(['lifecycle', 'promote', 'pets', 'test', '--today', '2026-11-25'], project.root);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^✓ lint +design +lint clean: 2 files/m);
      expect(run.stdout).toMatch(/^✓ planning +design +audience, consumers, data classification and SLOs given in 2 contracts$/m);
      expect(run.stdout).toMatch(/^✓ template +design +nothing left of the apilife new template$/m);
      expect(run.stdout).toMatch(/^✓ generated +develop +generated code up to date: 2 folders$/m);
      expect(run.stdout).toMatch(/^✓ tests +test +`echo testing pets` passed/m);
      expect(run.stdout).toMatch(/promoted to test: pets\/asyncapi\.yaml, pets\/openapi\.yaml/);
      const after = [read(), read(project.path('contracts/pets/asyncapi.yaml'))];
      for (const [i, text] of before.entries()) {
        expect(text.split('\n    stage: plan\n')).toHaveLength(2);
        expect(after[i]).toBe(text.replace('\n    stage: plan\n', '\n    stage: test\n'));
      }
      const again = await runApilife(['lifecycle', 'promote', 'contracts/pets/openapi.yaml', 'test'], project.root);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/already at test: nothing to do/);
    });

    it('a lint error blocks: exit 1, nothing written', async () => {
      // No owner: the house rule lifecycle-metadata is an error.
      writeFileSync(pets(), read().replace('x-lifecycle:\n    stage: plan\n    owner: team-pets\n', 'x-lifecycle:\n    stage: plan\n'));
      const before = read();
      expect(before).not.toMatch(/owner: team-pets/);
      const run = await runApilife(['lifecycle', 'promote', 'pets', 'design'], project.root);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^✘ lint +design +1 lint finding at or above error/m);
      expect(run.stdout).toMatch(/contracts\/pets\/openapi\.yaml:\d+ +apilife\/lifecycle-metadata/);
      expect(run.stdout).toMatch(/not promoted: 1 gate failed \(lint\); nothing written/);
      expect(read()).toBe(before);
    });

    it('--dry-run runs the gates and writes nothing; --format json', async () => {
      const before = read();
      const run = await runApilife(['lifecycle', 'promote', 'pets/openapi.yaml', 'design', '--dry-run', '--format', 'json'], project.root);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report).toMatchObject({
        api: 'pets/openapi.yaml',
        to: 'design',
        status: 'would-promote',
        dryRun: true,
        contracts: [{ path: 'pets/openapi.yaml', file: 'contracts/pets/openapi.yaml', kind: 'openapi', from: 'plan', written: false }],
      });
      expect(report.gates).toEqual(
        ['lint', 'planning', 'template'].map((id) => expect.objectContaining({ id, stage: 'design', ok: true, details: [], commands: [] })),
      );
      expect(read()).toBe(before);
    });

    it('moving back is refused without --force (exit 2, nothing written), allowed with it', async () => {
      expect((await runApilife(['lifecycle', 'promote', 'pets', 'design'], project.root)).code).toBe(0);
      const before = read();
      const refused = await runApilife(['lifecycle', 'promote', 'pets', 'plan'], project.root);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(
        /pets\/asyncapi\.yaml \(design\), pets\/openapi\.yaml \(design\) are past plan: moving back needs --force/,
      );
      expect(read()).toBe(before);
      const forced = await runApilife(['lifecycle', 'promote', 'pets', 'plan', '--force'], project.root);
      expect(forced.code).toBe(0);
      expect(forced.stdout).toMatch(/forced \(backwards\)/);
      expect(read()).toBe(before.replace('    stage: design\n', '    stage: plan\n'));
    });

    it('an overdue sunset blocks deploy', async () => {
      cpSync(join(REPO, 'services/delivery/src/generated/delivery'), project.path('services/delivery/src/generated/delivery'), {
        recursive: true,
      });
      const file = project.path('contracts/delivery/openapi.yaml');
      const before = read(file);
      const run = await runApilife(
        ['lifecycle', 'promote', 'delivery/openapi.yaml', 'deploy', '--force', '--today', '2999-01-01'],
        project.root,
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^✓ docs +deploy +`echo docs openapi contracts\/delivery\/openapi\.yaml` passed/m);
      expect(run.stdout).toMatch(/^✘ sunsets +deploy +\d+ deprecated operations? (is|are) at or past the sunset day and not retired/m);
      expect(run.stdout).toMatch(/^ {6}delivery\/openapi\.yaml {2}\w+ {2}sunset \d{4}-\d{2}-\d{2}, OVERDUE by \d+ days$/m);
      expect(run.stdout).toMatch(/^✘ verify +deploy +no broker configured: set broker\.url in apilife\.config\.yaml/m);
      expect(run.stdout).toMatch(/not promoted: 2 gates failed \(verify, sunsets\)/);
      expect(read(file)).toBe(before);
    });

    it('unknown API or stage: exit 2, listing the valid ones', async () => {
      const api = await runApilife(['lifecycle', 'promote', 'cats', 'design'], project.root);
      expect(api.code).toBe(2);
      expect(api.stderr).toMatch(
        /no API "cats" under contracts: name a service \(accounts, .*pets.*\) or a contract \(.*pets\/openapi\.yaml/,
      );
      const stage = await runApilife(['lifecycle', 'promote', 'pets', 'live'], project.root);
      expect(stage.code).toBe(2);
      expect(stage.stderr).toMatch(/unknown stage "live": use one of plan, design, develop, test, deploy, maintain, deprecated, retired/);
      expect((await runApilife(['lifecycle', 'promote', 'pets'], project.root)).code).toBe(2);
    });
  });

  it('an untouched template: design refuses it (exit 1, nothing written), naming each placeholder and the example with file:line', async () => {
    await newProject({}, true);
    const before = read();
    const run = await runApilife(['lifecycle', 'promote', 'pets', 'design'], project.root);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^✘ planning +design +10 planning facts missing or not filled in: a reviewer needs the audience, consumers, data classification and service-level objectives \(info\.x-lifecycle\.planning\)$/m,
    );
    expect(run.stdout).toMatch(
      /^ {6}contracts\/pets\/openapi\.yaml:\d+ {2}info\.x-lifecycle\.planning\.audience is still "TO FILL IN": say who may call it \(public, partner or internal\)$/m,
    );
    expect(run.stdout).toMatch(/^✘ template +design +14 places still hold the apilife new template/m);
    expect(run.stdout).toMatch(/^ {6}contracts\/pets\/openapi\.yaml:\d+ {2}path \/v1\/examples is the template's example$/m);
    expect(run.stdout).toMatch(/^ {6}contracts\/pets\/asyncapi\.yaml:\d+ {2}info\.description still says "TO FILL IN"$/m);
    expect(run.stdout).toMatch(/not promoted: 2 gates failed \(planning, template\); nothing written/);
    expect(read()).toBe(before);
  });

  it('a command gate that is not configured fails closed, naming the key', async () => {
    await newProject({});
    const before = read();
    const run = await runApilife(['lifecycle', 'promote', 'pets', 'test'], project.root);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✘ tests +test +not configured: set policy\.commands\.tests in apilife\.config\.yaml/m);
    expect(read()).toBe(before);
  });

  it('a failing command blocks and shows the end of its output', async () => {
    await newProject({ tests: 'echo running {service}; seq 1 40; echo "1 test failed" >&2; exit 3' });
    const before = read();
    const run = await runApilife(['lifecycle', 'promote', 'pets', 'test'], project.root);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✘ tests +test +`echo running pets; seq 1 40; .*exit 3` exited with 3/m);
    expect(run.stdout).toMatch(/^ {6}40\n {6}1 test failed$/m);
    expect(run.stdout).not.toMatch(/running pets$/m);
    expect(read()).toBe(before);
  });
});
