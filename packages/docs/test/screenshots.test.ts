import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { compareScreenshot, MAX_DIFF_RATIO } from './screenshots.ts';

/** The screenshot comparison itself: within the tolerance it passes, beyond it or at another size it does not. */
const dir = mkdtempSync(join(tmpdir(), 'apilife-shots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 100×100 white PNG with `dark` pixels of the first rows black. */
function png(dark: number, width = 100): Buffer {
  const image = new PNG({ width, height: 100 });
  image.data.fill(255);
  for (let i = 0; i < dark; i++) image.data.fill(0, i * 4, i * 4 + 3);
  return PNG.sync.write(image);
}

describe('compareScreenshot', () => {
  const baseline = join(dir, 'page.png');

  it('writes a missing baseline and says so (the browser test fails on that in CI)', () => {
    expect(compareScreenshot(png(0), baseline, false)).toEqual({ kind: 'written', reason: 'missing' });
    expect(existsSync(baseline)).toBe(true);
  });

  it.each([
    ['the same image', 0, 'same'],
    [`${MAX_DIFF_RATIO * 100}% of the pixels changed`, 100, 'same'],
    ['just over the tolerance', 101, 'different'],
    ['a quarter of the page changed', 2500, 'different'],
  ] as const)('%s → %s', (_, dark, kind) => {
    const outcome = compareScreenshot(png(dark), baseline, false);
    expect(outcome.kind).toBe(kind);
    if (outcome.kind === 'different') expect(existsSync(outcome.diffFile)).toBe(true);
  });

  it('another size is a change, whatever the pixels', () => {
    expect(compareScreenshot(png(0, 101), baseline, false)).toMatchObject({ kind: 'size', want: '100×100', got: '101×100' });
  });
});
