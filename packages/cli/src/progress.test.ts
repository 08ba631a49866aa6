import { describe, expect, it } from 'vitest';
import { createProgress, type ProgressStream } from './progress.ts';

/** A stream that records writes; `isTTY` as given. */
function fakeStream(isTTY: boolean): ProgressStream & { writes: string[] } {
  const writes: string[] = [];
  return { isTTY, columns: 60, writes, write: (text: string) => writes.push(text) };
}

/** A clock that moves one second on every reading, so every update is due. */
function steppingClock(stepMs = 1000): () => number {
  let t = 0;
  return () => (t += stepMs);
}

describe('createProgress', () => {
  it('draws each status in place with the elapsed time, and clears the line at the end', () => {
    const stream = fakeStream(true);
    const progress = createProgress(stream, { now: steppingClock(), timer: false });
    expect(progress.active).toBe(true);
    progress.update('parsing');
    progress.update('Spectral');
    progress.clear();
    expect(stream.writes).toEqual([`\r\u001b[K⠋ 1.0s  parsing`, `\r\u001b[K⠙ 2.0s  Spectral`, '\r\u001b[K']);
  });

  it('writes nothing at all when the stream is not a TTY', () => {
    const stream = fakeStream(false);
    const progress = createProgress(stream, { now: steppingClock(), timer: false });
    progress.update('parsing');
    progress.log('✓ contracts/a.yaml');
    progress.clear();
    expect(progress.active).toBe(false);
    expect(stream.writes).toEqual([]);
  });

  it('throttles: a burst of draws, then one per interval', () => {
    const stream = fakeStream(true);
    let t = 0;
    const progress = createProgress(stream, { now: () => t, timer: false, intervalMs: 100, burst: 2 });
    progress.update('one');
    progress.update('two');
    progress.update('three');
    t = 50;
    progress.update('four');
    t = 100;
    progress.update('five');
    progress.update('six');
    expect(stream.writes.map((w) => w.replace(/^\r\u001b\[K. /, ''))).toEqual(['0.0s  one', '0.0s  two', '0.1s  five']);
  });

  it('prints lasting lines above the status line and cuts the status to the width', () => {
    const stream = fakeStream(true);
    const progress = createProgress(stream, { now: steppingClock(), timer: false });
    progress.update(`Spectral · contracts/${'x'.repeat(100)}.yaml`);
    expect(stream.writes[0]).toMatch(/^\r\u001b\[K⠋ 1\.0s {2}Spectral · contracts\/x+…$/);
    progress.log('✓ contracts/a.yaml · 2 findings');
    progress.clear();
    progress.update('after the end');
    expect(stream.writes[0]).toHaveLength('\r\u001b[K'.length + 59);
    expect(stream.writes[0]!.endsWith('…')).toBe(true);
    expect(stream.writes[1]).toBe('\r\u001b[K✓ contracts/a.yaml · 2 findings\n');
    expect(stream.writes.at(-1)).toBe('\r\u001b[K');
  });
});
