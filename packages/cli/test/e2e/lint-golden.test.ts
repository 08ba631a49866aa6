import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeOutput } from '@apilife/test-utils';
import { describe, expect, it } from 'vitest';
import { runApilife } from '../run-cli.ts';

/**
 * CLI golden tests: each folder under `e2e/<command>/<case>/` is a project; the command's output,
 * with colours, timings and absolute paths stripped, must match `snapshot.txt` there.
 */
const FORMATS = ['stylish', 'json', 'github'];

describe('apilife lint golden output', () => {
  const dir = join(import.meta.dirname, 'lint');
  for (const name of readdirSync(dir)) {
    for (const format of FORMATS) {
      it(`${name} --format ${format}`, async () => {
        const cwd = join(dir, name);
        const run = await runApilife(['lint', '--format', format], cwd);
        const text = `exit ${run.code}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
        await expect(normalizeOutput(text, [cwd])).toMatchFileSnapshot(join(cwd, `snapshot.${format}.txt`));
      });
    }
    it(`${name} --max-problems 3`, async () => {
      const cwd = join(dir, name);
      const run = await runApilife(['lint', '--max-problems', '3'], cwd);
      const text = `exit ${run.code}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
      await expect(normalizeOutput(text, [cwd])).toMatchFileSnapshot(join(cwd, 'snapshot.max-problems.txt'));
    });
  }
});
