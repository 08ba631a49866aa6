import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type Output } from '../../src/index.ts';
import { createProgress } from '../../src/progress.ts';

const PROJECT = join(import.meta.dirname, 'lint', 'findings');

/** Runs `apilife lint` with standard error a fake stream (a TTY or not) and a clock that makes every update due. */
async function lintWithProgress(args: string[], isTTY: boolean) {
  const stderr: string[] = [];
  let stdout = '';
  let t = 0;
  const stream = { isTTY, columns: 200, write: (text: string) => stderr.push(text) };
  const output: Output = {
    color: false,
    info: (line) => void stderr.push(`${line}\n`),
    result: (text) => void (stdout += text),
    error: (line) => void stderr.push(` ✘ ${line}\n`),
    progress: () => createProgress(stream, { now: () => (t += 1000), timer: false }),
  };
  const code = await runCli(['lint', '--no-cache', ...args], PROJECT, output);
  return { code, stdout, stderr };
}

/** The phase label of each status line drawn. */
const statuses = (writes: string[]) =>
  writes.filter((w) => /^\r\u001b\[K. /.test(w)).map((w) => w.replace(/^\r\u001b\[K. [\d.]+s {2}/, ''));

describe('apilife lint progress', () => {
  it('shows each phase in order on a terminal, then clears the line before the report', async () => {
    const run = await lintWithProgress([], true);
    expect(run.code).toBe(1);
    const lines = statuses(run.stderr);
    const phases = [
      'finding contracts',
      'parsing',
      'loading Spectral and Redocly',
      'Spectral',
      'Redocly',
      'house rules',
      'merging findings',
    ];
    const firstOf = phases.map((p) => lines.findIndex((l) => l === p || l.startsWith(`[1/1] ${p} · `)));
    expect(
      firstOf.every((i) => i >= 0),
      lines.join('\n'),
    ).toBe(true);
    expect(firstOf).toEqual([...firstOf].sort((a, b) => a - b));
    expect(lines).toContain('[1/1] Spectral · contracts/shop/openapi.yaml');
    expect(run.stderr.at(-1)).toBe('\r\u001b[K');
    expect(run.stdout).toContain('problems (');
  });

  it('writes nothing but the report when standard error is not a terminal', async () => {
    const run = await lintWithProgress([], false);
    expect(run.stderr).toEqual([]);
    expect(run.stdout).toContain('problems (');
  });

  it.each([
    ['--no-progress', ['--no-progress']],
    ['a machine format', ['--format', 'json']],
  ])('draws nothing with %s', async (_, args) => {
    const run = await lintWithProgress(args, true);
    expect(run.stderr).toEqual([]);
  });
});
