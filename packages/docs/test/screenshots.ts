import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

/** pixelmatch's per-pixel colour threshold (0–1; its default). */
export const PIXEL_THRESHOLD = 0.1;
/** The share of pixels that may differ before a screenshot counts as changed. */
export const MAX_DIFF_RATIO = 0.01;

/** How a screenshot compares with its committed baseline. */
export type ScreenshotOutcome =
  | { kind: 'same'; ratio: number }
  | { kind: 'different'; ratio: number; diffFile: string; actualFile: string }
  | { kind: 'size'; want: string; got: string; actualFile: string }
  | { kind: 'written'; reason: 'missing' | 'update' };

/**
 * Compares a PNG with the committed `baseline`: pixelmatch at {@link PIXEL_THRESHOLD}, changed when
 * more than {@link MAX_DIFF_RATIO} of the pixels differ (the actual image and a diff image are then
 * written beside the baseline as `*.actual.png` / `*.diff.png`, which git ignores). `update`
 * (APILIFE_UPDATE_SCREENSHOTS=1) rewrites the baseline; a missing baseline is written too, and
 * the caller decides whether that fails (it does in CI).
 */
export function compareScreenshot(actual: Buffer, baseline: string, update: boolean): ScreenshotOutcome {
  if (update || !existsSync(baseline)) {
    mkdirSync(dirname(baseline), { recursive: true });
    writeFileSync(baseline, actual);
    return { kind: 'written', reason: update ? 'update' : 'missing' };
  }
  const want = PNG.sync.read(readFileSync(baseline));
  const got = PNG.sync.read(actual);
  const actualFile = baseline.replace(/\.png$/, '.actual.png');
  if (want.width !== got.width || want.height !== got.height) {
    writeFileSync(actualFile, actual);
    return { kind: 'size', want: `${want.width}×${want.height}`, got: `${got.width}×${got.height}`, actualFile };
  }
  const diff = new PNG({ width: want.width, height: want.height });
  const changed = pixelmatch(want.data, got.data, diff.data, want.width, want.height, { threshold: PIXEL_THRESHOLD });
  const ratio = changed / (want.width * want.height);
  if (ratio <= MAX_DIFF_RATIO) return { kind: 'same', ratio };
  const diffFile = baseline.replace(/\.png$/, '.diff.png');
  writeFileSync(actualFile, actual);
  writeFileSync(diffFile, PNG.sync.write(diff));
  return { kind: 'different', ratio, diffFile, actualFile };
}
