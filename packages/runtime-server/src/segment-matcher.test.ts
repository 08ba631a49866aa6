import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SegmentMatcher } from './segment-matcher.ts';

/** The lazy regular expression the matcher replaces, for comparing answers on small inputs. */
const asRegExp = (texts: string[]) => new RegExp(`^${texts.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('([^/]+?)')}$`);

describe('SegmentMatcher', () => {
  it('gives what the lazy expression gives, on random templates and segments', () => {
    const piece = fc.string({ unit: fc.constantFrom('a', '.', '-', '/', 'x'), maxLength: 3 });
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 2, maxLength: 4 }),
        fc.string({ unit: fc.constantFrom('a', '.', '-', '/', 'x'), maxLength: 14 }),
        (texts, segment) => {
          expect(new SegmentMatcher(texts).exec(segment)).toEqual(asRegExp(texts).exec(segment)?.slice() ?? null);
        },
      ),
      { seed: 13, numRuns: 3000 },
    );
  });

  it('reads `{name}.{ext}` the way the expression did', () => {
    expect(new SegmentMatcher(['', '.', '']).exec('report.v2.pdf')).toEqual(['report.v2.pdf', 'report', 'v2.pdf']);
    expect(new SegmentMatcher(['', '.', '']).exec('no-dot')).toBeNull();
  });

  // Issue 13: the expression backtracked in O(n³) on three parameters: an 8 KB URL took minutes.
  // Run in a worker that is stopped at the deadline (a pinned thread cannot answer).
  it('answers a crafted 8 KB segment with three parameters promptly', { timeout: 60_000 }, async () => {
    const source = `
      const { parentPort } = require('node:worker_threads');
      const { register } = require('tsx/cjs/api');
      register();
      const { SegmentMatcher } = require(${JSON.stringify(new URL('./segment-matcher.ts', import.meta.url).pathname)});
      parentPort.postMessage(new SegmentMatcher(['', '-', '-', '.json']).exec('a-'.repeat(4000) + 'x'));
    `;
    const worker = new Worker(source, { eval: true });
    const result = await new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error('no answer within 30 s'));
      }, 30_000);
      worker.once('message', (value) => {
        clearTimeout(timer);
        void worker.terminate();
        resolve(value);
      });
      worker.once('error', reject);
    });
    expect(result).toBeNull();
  });
});
