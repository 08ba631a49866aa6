import { describe, expect, it } from 'vitest';
import { deadline, TICK_MS } from './deadlines.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('deadline', () => {
  it('fires once after its time, within a tick', async () => {
    const fired: number[] = [];
    const started = Date.now();
    deadline(30, () => fired.push(Date.now() - started));
    await sleep(30 + TICK_MS + 50);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toBeGreaterThanOrEqual(30);
  });
  it('never fires once cancelled, and others still do', async () => {
    const fired: string[] = [];
    const cancel = deadline(20, () => fired.push('cancelled'));
    deadline(40, () => fired.push('kept'));
    cancel();
    await sleep(40 + TICK_MS + 50);
    expect(fired).toEqual(['kept']);
  });
});
