import { describe, expect, it } from 'vitest';
import { StepRejected } from '../src/saga.ts';
import type { RequestRecord } from '../src/store.ts';
import { cancellationSteps, type Upstreams } from '../src/workflows.ts';

type Stage = 'created' | 'in-transit' | 'cancelled';

/**
 * A Delivery service that moves on between a read and a cancel: each GET answers the next stage
 * of `stages` (with an ETag per read), each DELETE with the next status of `cancels`.
 */
function deliveries(stages: Stage[], cancels: number[]) {
  const calls: string[] = [];
  let reads = 0;
  const deliveries = {
    async getDelivery() {
      const stage = stages[Math.min(reads, stages.length - 1)]!;
      reads++;
      calls.push(`GET ${stage}`);
      return { status: 200, ok: true, body: { stage }, response: new Response(null, { headers: { etag: `"v${reads}"` } }) };
    },
    async cancelDelivery(input: { headers: { 'If-Match': string } }) {
      const status = cancels.shift()!;
      calls.push(`DELETE If-Match ${input.headers['If-Match']} → ${status}`);
      const body = status === 412 ? { title: 'Precondition Failed', detail: 'If-Match does not match its current ETag' } : undefined;
      return { status, ok: status < 300, body, response: new Response(null) };
    },
  };
  return { up: { deliveries } as unknown as Upstreams, calls };
}

const record = { data: { deliveryId: 'd1' } } as unknown as RequestRecord;
const cancelStep = (up: Upstreams) => cancellationSteps(up).find((s) => s.name === 'cancel-delivery')!;

describe('cancel-delivery (cancellation saga)', () => {
  it('cancels a delivery that has not taken off, on the version it read', async () => {
    const { up, calls } = deliveries(['created'], [204]);
    await cancelStep(up).run(record);
    expect(calls).toEqual(['GET created', 'DELETE If-Match "v1" → 204']);
  });

  it('412 because the drone took off in between: reads again and refuses, naming the stage', async () => {
    const { up, calls } = deliveries(['created', 'in-transit'], [412]);
    const error = await cancelStep(up)
      .run(record)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepRejected);
    expect((error as Error).message).toBe('the delivery is in-transit');
    expect(calls).toEqual(['GET created', 'DELETE If-Match "v1" → 412', 'GET in-transit']);
  });

  it('412 because of another change while still created: cancels on the new version', async () => {
    const { up, calls } = deliveries(['created', 'created'], [412, 204]);
    await cancelStep(up).run(record);
    expect(calls).toEqual(['GET created', 'DELETE If-Match "v1" → 412', 'GET created', 'DELETE If-Match "v2" → 204']);
  });

  it('gives up after 3 attempts that all meet a 412', async () => {
    const { up, calls } = deliveries(['created'], [412, 412, 412]);
    const error = (await cancelStep(up)
      .run(record)
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(StepRejected);
    expect(error.message).toBe('refused (412)');
    expect((error.cause as Error).message).toMatch(/^cancel-delivery answered 412/);
    expect(calls.filter((c) => c.startsWith('DELETE'))).toHaveLength(3);
  });
});
