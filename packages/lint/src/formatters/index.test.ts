import { describe, expect, it } from 'vitest';
import { createReport } from './__fixtures__/report.ts';
import { FORMAT_NAMES, FORMATTERS } from './index.ts';

const options = { color: false, failSeverity: 'error' } as const;

describe('FORMATTERS', () => {
  it('has one formatter per format name, stylish first', () => {
    expect(Object.keys(FORMATTERS).sort()).toEqual([...FORMAT_NAMES].sort());
    expect(FORMAT_NAMES[0]).toBe('stylish');
  });

  it.each(FORMAT_NAMES)('%s: same report, same bytes; no absolute paths; no trailing newline', (name) => {
    const text = FORMATTERS[name](createReport(), options);
    expect(FORMATTERS[name](createReport(), options)).toBe(text);
    expect(text).not.toContain('/repo/');
    expect(text.endsWith('\n')).toBe(false);
  });

  it.each(FORMAT_NAMES)('%s: handles a report without files or findings', (name) => {
    const empty = createReport({ files: [], diagnostics: [], suppressed: [], rules: [], stats: { durationMs: 0, cachedFiles: 0 } });
    expect(() => FORMATTERS[name](empty, options)).not.toThrow();
  });
});
