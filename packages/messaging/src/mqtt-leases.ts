import { randomUUID } from 'node:crypto';
import type { MqttLink } from './mqtt-group.ts';

/**
 * Leases of a durable MQTT group's sessions ("slots"), one retained message per slot:
 * `held <consumer>` or `free`. A holder repeats its lease every `refreshMs`; a `held` lease not
 * heard of for three periods belongs to a consumer that is gone without its will being sent
 * (the broker restarted meanwhile), so the slot may be taken.
 */
export interface Leases {
  /** Lease topic → `held <consumer>` or `free`. */
  readonly states: Map<string, string>;
  /** Lease topic → when it was last heard of (ms). */
  readonly heard: Map<string, number>;
  stop(): Promise<void>;
}

/**
 * The leases of a group's sessions (retained `held` or `free`, by lease topic), read up to now and
 * kept up to date until `stop`. A message published after subscribing marks the end of the
 * retained ones (the broker sends them in order).
 */
export async function readLeases(link: MqttLink, filter: string, onChange?: (topic: string, state: string) => void): Promise<Leases> {
  const states = new Map<string, string>();
  const heard = new Map<string, number>();
  const sync = filter.replace(/\+/g, `~sync-${randomUUID()}`);
  let synced!: () => void;
  const ready = new Promise<void>((resolve) => (synced = resolve));
  const stop = await link.watch(filter, (topic, payload) => {
    if (topic.includes('/~sync-')) return topic === sync ? synced() : undefined;
    const state = payload.toString();
    if (state === '') states.delete(topic);
    else states.set(topic, state);
    heard.set(topic, Date.now());
    onChange?.(topic, state);
  });
  await link.publish(sync, new Uint8Array());
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    ready,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`MQTT: the leases under ${filter} did not arrive`)), 10_000))),
  ]).finally(() => clearTimeout(timer));
  return { states, heard, stop };
}
