import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Same tests, same bytes: consumer pact tests run twice more, each time into a folder of their own
 * (`APILIFE_PACT_DIR`), write exactly the pacts `pacts/` holds. One HTTP pair and one message pair,
 * each through its consumer's real code.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const FILES = [
  'services/gateway/test/pact/package.consumer.pact.test.ts',
  'services/delivery-history/test/pact/delivery.consumer.pact.test.ts',
];
const dirs: string[] = [];

function runConsumers(): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'apilife-pacts-'));
  dirs.push(dir);
  const run = spawnSync(join(ROOT, 'node_modules/.bin/vitest'), ['run', '--project', 'pact-consumers', ...FILES], {
    cwd: ROOT,
    env: { ...process.env, APILIFE_PACT_DIR: dir },
    encoding: 'utf8',
    timeout: 240_000,
  });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('pact files are reproducible', () => {
  it('two runs of the same consumer tests write the same bytes, and those are the committed pacts', () => {
    const first = runConsumers();
    const second = runConsumers();
    expect([...first.keys()].sort()).toEqual(['delivery-history-delivery.json', 'gateway-package.json']);
    for (const [name, content] of first) {
      expect(second.get(name), `${name}: second run`).toBe(content);
      expect(readFileSync(join(ROOT, 'pacts', name), 'utf8'), `pacts/${name}`).toBe(content);
    }
  }, 600_000);
});
