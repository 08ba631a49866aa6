import { describe, expect, it } from 'vitest';
import { createReport } from './__fixtures__/report.ts';
import { stylish } from './stylish.ts';

describe('stylish', () => {
  it('groups findings by file with aligned columns, code frames and a summary', async () => {
    const text = stylish(createReport(), { color: false, failSeverity: 'error' });
    await expect(`${text}\n`).toMatchFileSnapshot('__snapshots__/stylish.txt');
  });

  it('says so when nothing was found', () => {
    const text = stylish(createReport({ diagnostics: [], suppressed: [], stats: { durationMs: 5, cachedFiles: 0 } }), {
      color: false,
      failSeverity: 'error',
    });
    expect(text).toBe('✔ No problems found (3 files)');
  });

  it('counts suppressed findings and cached files even when clean', () => {
    const text = stylish(createReport({ diagnostics: [], stats: { durationMs: 5, cachedFiles: 2 } }), {
      color: false,
      failSeverity: 'error',
    });
    expect(text.split('\n')).toEqual([
      '✔ No problems found (3 files)',
      '  2 findings suppressed (x-lint-ignore / ignore file)',
      '  2 files from cache',
    ]);
  });

  it('marks a summary that does not fail the run with ⚠', () => {
    const report = createReport();
    report.diagnostics = report.diagnostics.filter((d) => d.severity === 'warn');
    const last = stylish(report, { color: false, failSeverity: 'error' }).split('\n').at(-3);
    expect(last).toBe('⚠ 2 problems (0 errors, 2 warnings, 0 infos, 0 hints)');
  });

  it('colours severities, the gutter and the summary only when asked', () => {
    const plain = stylish(createReport(), { color: false, failSeverity: 'error' });
    const colored = stylish(createReport(), { color: true, failSeverity: 'error' });
    expect(plain).not.toMatch(/\u001b\[/);
    expect(colored).toContain('\u001b[31merror\u001b[39m');
    expect(colored).toContain('\u001b[33mwarning\u001b[39m');
    expect(colored).toContain('\u001b[34minfo\u001b[39m');
    expect(colored).toContain('\u001b[90mhint\u001b[39m');
    expect(colored).toContain('\u001b[2m18 |\u001b[22m');
    expect(colored).toMatch(/\u001b\[31m\u001b\[1m✖ 6 problems/);
    // Without the escapes, the coloured text is the plain one.
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('keeps terminal control characters in messages out of the output', () => {
    const report = createReport();
    report.diagnostics = [{ ...report.diagnostics[0]!, message: 'bad \u001b[2J title\r\nsecond line' }];
    const text = stylish(report, { color: false, failSeverity: 'error' });
    expect(text).toContain('bad \uFFFD[2J title');
    expect(text).not.toContain('\u001b');
    expect(text).toMatch(/\n {4,}second line {2}\[apilife\]\n/);
  });
});
