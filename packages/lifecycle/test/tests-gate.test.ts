/**
 * The `tests` gate of this repository (policy.commands.tests in apilife.config.yaml) runs, for
 * every service, the consumer pacts it is in (its own with its providers, and its consumers' with
 * it) before its tests, which include its provider verification. Asked of vitest itself: each
 * `vitest run` of the command, filled in for the service, becomes `vitest list --filesOnly`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadProjectConfig } from '@apilife/contract';
import { describe, expect, it } from 'vitest';
import { fillPlaceholders, listApis, mapLimit } from '../src/index.ts';

const REPO = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

/** Consumer pact tests are `services/<consumer>/test/pact/<provider>.consumer.pact.test.ts`. */
function consumerPactTests(): { file: string; consumer: string; provider: string }[] {
  return readdirSync(join(REPO, 'services')).flatMap((consumer) => {
    const folder = join(REPO, 'services', consumer, 'test/pact');
    if (!existsSync(folder)) return [];
    return readdirSync(folder)
      .filter((f) => f.endsWith('.consumer.pact.test.ts'))
      .map((f) => ({ file: `services/${consumer}/test/pact/${f}`, consumer, provider: f.replace('.consumer.pact.test.ts', '') }));
  });
}

/** The test files each `&&`-joined part of the command would run, in order. */
async function filesRun(command: string): Promise<string[][]> {
  return mapLimit(command.split(' && '), 1, async (part) => {
    const listing = part.replace('vitest run', 'vitest list --filesOnly');
    expect(listing, `a part of policy.commands.tests that is no vitest run: ${part}`).not.toBe(part);
    const { stdout } = await run('sh', ['-c', listing], { cwd: REPO, env: { ...process.env, NO_COLOR: '1' } });
    return stdout
      .split('\n')
      .map((line) => line.replace(/^\[[\w-]+\] /, '').trim())
      .filter((line) => line.endsWith('.ts'));
  });
}

describe('the tests gate of this repository', () => {
  it('runs, for every service, the consumer pacts with it and its own, then its tests with its provider verification', async () => {
    const config = await loadProjectConfig(REPO);
    const template = config.policy.commands.tests;
    expect(template).toBeDefined();
    const services = [...new Set((await listApis(config)).map((a) => a.service))].filter((s) => existsSync(join(REPO, 'services', s)));
    expect(services.length).toBeGreaterThanOrEqual(6);
    const pacts = consumerPactTests();
    const runs = await mapLimit(services, 2, async (service) => ({
      service,
      parts: await filesRun(fillPlaceholders(template!, { service, contract: '', api: '', kind: 'openapi' })),
    }));
    for (const { service, parts } of runs) {
      const all = parts.flat();
      const pactsFirst = parts[0] ?? [];
      const theirs = pacts.filter((p) => p.provider === service).map((p) => p.file);
      const own = pacts.filter((p) => p.consumer === service).map((p) => p.file);
      expect(pactsFirst, `${service}: the consumer pacts run first`).toEqual(expect.arrayContaining([...theirs, ...own]));
      const verification = `services/${service}/test/pact/verify.pact.test.ts`;
      if (theirs.length > 0) {
        expect(all, `${service} has consumers: its provider verification runs`).toContain(verification);
        expect(pactsFirst, `${service}: verification runs after the pacts are written`).not.toContain(verification);
      }
      expect(all.filter((f) => f.startsWith('services/') && !f.startsWith(`services/${service}/`) && !theirs.includes(f))).toEqual([]);
    }
    // Every provider with a consumer pact has a verification, so the gate has something to run.
    for (const provider of new Set(pacts.map((p) => p.provider)))
      expect(existsSync(join(REPO, 'services', provider, 'test/pact/verify.pact.test.ts')), provider).toBe(true);
  });
});
