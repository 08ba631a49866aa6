import { describe, expect, it } from 'vitest';
import { createColors, severityPaint } from './color.ts';

describe('createColors', () => {
  it('wraps text in ANSI codes when enabled', () => {
    const c = createColors(true);
    expect(c.red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(c.dim('x')).toBe('\u001b[2mx\u001b[22m');
    expect(c.underline('x')).toBe('\u001b[4mx\u001b[24m');
    expect(c.bold('')).toBe('');
  });

  it('returns text unchanged when disabled', () => {
    const c = createColors(false);
    for (const paint of Object.values(c)) expect(paint('x')).toBe('x');
  });

  it.each([
    ['error', '31'],
    ['warn', '33'],
    ['info', '34'],
    ['hint', '90'],
  ] as const)('paints %s with code %s', (severity, code) => {
    expect(severityPaint(createColors(true), severity)('x')).toBe(`\u001b[${code}mx\u001b[39m`);
  });
});
