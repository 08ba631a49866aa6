import { describe, expect, it } from 'vitest';
import { MemoryTransport } from './memory-transport.ts';
import { describeAddressRouting } from './address-routing.contract.ts';
import { describeTransport } from './styles.contract.ts';
import type { TransportDelivery } from './transport.ts';

describeTransport('the in-memory transport', async () => new MemoryTransport(), undefined, { scale: true });

describe('MemoryTransport', () => {
  it('redelivers what a consumer did not acknowledge when it goes away (a crash), counting the attempt', async () => {
    const transport = new MemoryTransport();
    const first: TransportDelivery[] = [];
    const crashed = await transport.consume('jobs', { group: 'g', durable: true }, (d) => void first.push(d));
    await transport.publish('jobs', { headers: { 'ce-id': '1' }, body: new Uint8Array() });
    await new Promise((r) => setTimeout(r, 5));
    expect(first).toHaveLength(1);
    await crashed.close();
    expect(transport.depth('jobs', 'g')).toBe(1);
    const second: TransportDelivery[] = [];
    await transport.consume('jobs', { group: 'g', durable: true }, (d) => void second.push(d));
    await new Promise((r) => setTimeout(r, 5));
    expect(second.map((d) => d.attempt)).toEqual([2]);
    await second[0]!.ack();
    await first[0]!.ack(); // a late ack from the dead consumer changes nothing
    expect(transport.depth('jobs', 'g')).toBe(0);
    await transport.close();
  });

  it('a durable group buffers while no consumer runs; an ephemeral one is gone with its consumer', async () => {
    const transport = new MemoryTransport();
    (await transport.consume('a.{x}.{y}', { group: 'durable', durable: true }, () => {})).close();
    (await transport.consume('a.{x}.{y}', { group: 'ephemeral', durable: false }, () => {})).close();
    await transport.publish('a.b.c', { headers: {}, body: new Uint8Array() });
    expect(transport.depth('a.{x}.{y}', 'durable')).toBe(1);
    expect(transport.depth('a.{p}.{q}', 'durable')).toBe(1);
    expect(transport.depth('a.{x}.{y}', 'ephemeral')).toBe(0);
    await transport.close();
  });
});

describeAddressRouting('the in-memory transport', async () => new MemoryTransport(), undefined, { deadlineMs: 300 });
