import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, loadProjectConfig } from '@apilife/contract';
import { contractsOnDisk, tempProject } from '@apilife/test-utils';
import { describe, expect, it } from 'vitest';
import { formatLifecycleStatus, lifecycleStatus, listApis } from '../src/index.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('lifecycleStatus', () => {
  it("lists the repository's contracts with the stage and owner their files give", async () => {
    const config = await loadProjectConfig(REPO);
    const report = lifecycleStatus(await listApis(config), '2026-11-25', REPO);
    const onDisk = contractsOnDisk(REPO);
    expect(onDisk.size).toBeGreaterThan(5);
    expect(report.apis.map((a) => a.path).sort()).toEqual([...onDisk.keys()].sort());
    for (const api of report.apis) expect({ stage: api.stage, owner: api.owner }).toEqual(onDisk.get(api.path));
    expect(report.apis.find((a) => a.path === 'delivery/openapi.yaml')?.file).toBe('contracts/delivery/openapi.yaml');
  });

  it('a far --today makes every deprecated, not retired, operation overdue; retired ones never are', async () => {
    const config = await loadProjectConfig(REPO);
    const apis = await listApis(config);
    const deprecated = apis.flatMap((a) => a.operations.filter((o) => o.deprecated && o.stage !== 'retired').map((o) => o.name));
    expect(deprecated.length).toBeGreaterThan(0);
    const report = lifecycleStatus(apis, '2999-01-01', REPO);
    expect(report.apis.flatMap((a) => a.overdue).sort()).toEqual(deprecated.sort());
    expect(report.overdue).toBe(deprecated.length);
    const retired = report.apis.flatMap((a) => a.deprecated).filter((d) => d.stage === 'retired');
    expect(retired.length).toBeGreaterThan(0);
    for (const d of retired) expect(d.overdue).toBe(false);
    expect(formatLifecycleStatus(report)).toMatch(/OVERDUE by \d+ days/);
  });

  it('sorts deprecations soonest first, counts days, and flags a deprecated API past its own sunset', async () => {
    const project = tempProject();
    try {
      const op = (id: string, lifecycle?: object) => ({
        operationId: id,
        ...(lifecycle ? { deprecated: true, 'x-lifecycle': lifecycle } : {}),
        responses: { '200': { description: 'ok' } },
      });
      project.write('contracts/pets/openapi.yaml', {
        openapi: '3.1.0',
        info: {
          title: 'Pets',
          version: '2.0.0',
          'x-lifecycle': { stage: 'deprecated', owner: 'team-pets', sunset: '2026-12-01', successor: 'animals' },
        },
        paths: {
          '/a': { get: op('getLate', { stage: 'deprecated', sunset: '2027-03-01', successor: 'getNew' }) },
          '/b': { get: op('getSoon', { stage: 'deprecated', sunset: '2026-12-10', successor: 'getNew' }) },
          '/c': { get: op('getGone', { stage: 'retired', sunset: '2026-01-01' }) },
          '/d': { get: op('getNoSunset', { stage: 'deprecated' }) },
          '/e': { get: op('getNew') },
        },
      });
      const config = await loadProjectConfig(project.root);
      const apis = await listApis(config);
      const at = (today: string) => lifecycleStatus(apis, today, project.root);
      const [pets] = at('2026-12-05').apis;
      expect(pets!.deprecated.map((d) => [d.name, d.daysLeft, d.overdue])).toEqual([
        ['getGone', -338, false],
        ['getSoon', 5, false],
        ['getLate', 86, false],
        ['getNoSunset', null, false],
      ]);
      expect(pets!.overdue).toEqual(['(api)']);
      const sunsetDay = at('2026-12-10');
      expect(sunsetDay.apis[0]!.overdue).toEqual(['(api)', 'getSoon']);
      expect(formatLifecycleStatus(sunsetDay)).toMatch(/^ {2}getSoon {6}sunset 2026-12-10 → getNew {2}\(OVERDUE from today\)$/m);
      expect(at('2026-12-09').apis[0]!.overdue).toEqual(['(api)']);
      const later = at('2026-12-11');
      expect(later.apis[0]!.overdue).toEqual(['(api)', 'getSoon']);
      expect(later.overdue).toBe(2);
      const text = formatLifecycleStatus(later);
      expect(text).toMatch(/^pets\/openapi\.yaml {2}\(API deprecated, sunset 2026-12-01 → animals, OVERDUE by 10 days\)$/m);
      expect(text).toMatch(/^ {2}getSoon {6}sunset 2026-12-10 → getNew {2}\(OVERDUE by 1 day\)$/m);
      expect(text).toMatch(/^ {2}getLate {6}sunset 2027-03-01 → getNew {2}\(in 80 days\)$/m);
      expect(text).toMatch(/^ {2}getGone {6}sunset 2026-01-01 {2}\(retired\)$/m);
      expect(text).toMatch(/^ {2}getNoSunset {2}no sunset {2}\(deprecated without a sunset\)$/m);
      expect(text).toMatch(/2 overdue sunsets on 2026-12-11/);
    } finally {
      project.remove();
    }
  });

  it('a contract that cannot be read is an input error naming its file and line, not an API left out', async () => {
    const project = tempProject();
    try {
      project.write('contracts/pets/openapi.yaml', { openapi: '3.1.0', info: { title: 'Pets', version: '1.0.0' }, paths: {} });
      project.write('contracts/toys/openapi.yaml', 'openapi: 3.1.0\ninfo:\n  title: Toys\n  title: Again\n  version: 1.0.0\npaths: {}\n');
      const config = await loadProjectConfig(project.root);
      const error = await listApis(config).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toMatch(/: contracts\/toys\/openapi\.yaml:4:\d+: invalid YAML/);
      // History (the base of apilife check) is read as it is: a contract broken there did not exist.
      expect((await listApis(config, undefined, { unreadable: 'skip' })).map((a) => a.path)).toEqual(['pets/openapi.yaml']);
    } finally {
      project.remove();
    }
  });
});
