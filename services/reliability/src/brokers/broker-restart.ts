/**
 * The broker-restart scenario: publishers (in this process, through `createMessaging` and the
 * broker's transport, as the services publish) publish a numbered stream to a private broker,
 * which is restarted three times meanwhile (two SIGKILLs and a SIGTERM); a publish whose promise
 * rejected is published again with the same message id until it resolves, and only a resolved
 * publish counts as acknowledged. After the last restart a consumer of a durable group (declared
 * before the first publish, so the broker keeps what arrives) reads everything: lost = acknowledged
 * and not read; duplicates are counted as the broker delivers them and after the messaging's
 * de-duplication (which must leave none).
 */
import { createMessaging, type Messaging, type Transport } from '@apilife/messaging';
import { AmqpTransport } from '@apilife/messaging/amqp';
import { MqttTransport } from '@apilife/messaging/mqtt';
import { NatsTransport } from '@apilife/messaging/nats';
import { RedisTransport } from '@apilife/messaging/redis';
import type { CaseContext, CaseResult, Figures } from '../battery.ts';
import { sleep, waitUntil } from '../support/process.ts';
import { startPrivateBroker, type BrokerKind, type PrivateBroker, type StopHow } from './private-broker.ts';

/**
 * Two crashes (SIGKILL: the broker gets no chance to flush or close its files) around a graceful
 * restart (SIGTERM). A crash first: what was acknowledged before it was never saved by a clean
 * shutdown (Mosquitto writes its file at shutdown, else only on autosave). RabbitMQ's graceful
 * restart comes first: a quorum queue declared moments before a crash of a single node can come
 * back without a leader (RabbitMQ 3.10: its Ra server was not yet registered on disk), and no
 * publish to it is confirmed again (ADR 0032).
 */
const RESTARTS: Record<BrokerKind, readonly StopHow[]> = {
  nats: ['kill', 'graceful', 'kill'],
  amqp: ['graceful', 'kill', 'graceful'],
  redis: ['kill', 'graceful', 'kill'],
  mqtt: ['kill', 'graceful', 'kill'],
};

/** Resolves when the signal aborts (a case past its limit returns, whatever it waits for). */
const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
const GROUP = 'restart-check';
/** How long before a crash an acknowledged message may still be unsaved by a broker that saves after acknowledging (Mosquitto). */
const SAVE_WINDOW_MS = 1000;
const PUBLISHERS = 4;

/** The durability settings each private broker runs with (the figures repeat them). */
export const SETTINGS: Record<BrokerKind, string> = {
  nats: 'file store, sync_interval default (2 min)',
  amqp: 'quorum queue, publisher confirms, persistent messages',
  redis: 'appendonly yes, appendfsync always',
  mqtt: 'persistence true, autosave_on_changes true, autosave_interval 1, max_queued_messages 0',
};

function transportFor(kind: BrokerKind, broker: PrivateBroker, id: string): Transport {
  switch (kind) {
    case 'nats':
      return new NatsTransport({ servers: broker.url, stream: `REL_RESTART_${id}`, prefix: `rel${id}` });
    case 'amqp':
      return new AmqpTransport({ url: broker.url, exchange: `rel.restart.${id}`, queuePrefix: `rel.restart.${id}` });
    case 'redis':
      return new RedisTransport({ url: broker.url, prefix: `rel:restart:${id}` });
    case 'mqtt':
      return new MqttTransport({ url: broker.url, prefix: `rel/restart/${id}` });
  }
}

/**
 * Which acknowledged messages the broker must still hold: `all`, or those acknowledged `before`
 * the first restart, and not in its last second. Mosquitto (2.0) restores an offline session's
 * queued messages from its persistence file but not its shared subscriptions, so what is
 * published to a durable group after a restart, while no consumer of the group is connected, is
 * dropped (`dropped_after_restart`); and it acknowledges before it saves, so a crash loses what
 * arrived since its last save, even with a save after every change (`lost_unsaved_at_crash`,
 * messages acknowledged in the second before the crash). Both are counted, not promised (ADR 0032).
 */
export type Kept = 'all' | 'before';

export async function runBrokerRestart(kind: BrokerKind, context: CaseContext, kept: Kept = 'all'): Promise<CaseResult> {
  const { signal, pick, log } = context;
  const perPhase = pick(300, 2500);
  const outageMs = 1000;
  const channel = `reliability.restart.${context.id}`;
  const figures: Figures = { settings: SETTINGS[kind], promised: kept === 'all' ? 'every acknowledged' : 'acknowledged before restart 1' };
  const failures: string[] = [];
  const booted = performance.now();
  const broker = await startPrivateBroker(kind, {
    dir: context.dir,
    id: context.id,
    mosquitto: { autosaveOnChanges: true, autosaveInterval: 1 },
  });
  figures.boot_ms = Math.round(performance.now() - booted);
  let publisher: Messaging | undefined;
  let reader: Messaging | undefined;
  try {
    const publishing = transportFor(kind, broker, context.id);
    publisher = createMessaging({ transport: publishing, source: '/reliability/broker-restart', publishRetry: { attempts: 1 } });
    await publishing.ensureGroup(channel, GROUP);

    // The consumer (after the restarts): a transport of its own, its durable group declared before the first publish.
    const read = new Map<number, number>();
    let rawDuplicates = 0;
    let lastRead = performance.now();
    const startReading = async () => {
      lastRead = performance.now();
      reader = createMessaging({
        transport: transportFor(kind, broker, context.id),
        source: '/reliability/broker-restart',
        onEvent: (event) => {
          if (event.kind === 'duplicate') rawDuplicates++;
        },
      });
      await reader.subscribe<{ n: number }>(channel, {
        group: GROUP,
        handler: (envelope) => {
          read.set(envelope.data.n, (read.get(envelope.data.n) ?? 0) + 1);
          lastRead = performance.now();
        },
      });
    };

    // The publishers: numbers handed out in order; each retried (same id) until acknowledged.
    const acknowledged = new Set<number>();
    const ackedAt = new Map<number, number>();
    let next = 0;
    let attempts = 0;
    let retried = 0;
    let stopping = false;
    let giveUpAt = Number.POSITIVE_INFINITY;
    let lastAck = 0;
    const publishOne = async (n: number) => {
      for (;;) {
        attempts++;
        try {
          await publisher!.publish(channel, { id: `${context.id}-${n}`, type: 'urn:apilife:reliability:numbered', data: { n } });
          acknowledged.add(n);
          ackedAt.set(n, performance.now());
          lastAck = performance.now();
          return;
        } catch {
          retried++;
          if (signal.aborted || performance.now() > giveUpAt) return;
          await sleep(100, signal);
        }
      }
    };
    const workers = Array.from({ length: PUBLISHERS }, async () => {
      while (!stopping && !signal.aborted) await publishOne(next++);
    });

    const restarts: { how: StopHow; stopMs: number; downMs: number; bootMs: number; reconnectMs: number; retried: number }[] = [];
    const untilAcknowledged = async (count: number) => {
      const reached = await waitUntil(() => acknowledged.size >= count || signal.aborted, 120_000);
      if (!reached) throw new Error(`publishing stalled at ${acknowledged.size} acknowledged (waiting for ${count})`);
    };
    await untilAcknowledged(perPhase);
    let beforeFirstRestart: Set<number> | undefined;
    /** Acknowledged in the second before the first restart: a broker that saves after it acknowledges may not have saved them. */
    const unsavedWindow = new Set<number>();
    for (const [index, how] of RESTARTS[kind].entries()) {
      if (signal.aborted) break;
      const retriedBefore = retried;
      if (!beforeFirstRestart) {
        const crashAt = performance.now();
        beforeFirstRestart = new Set(acknowledged);
        for (const n of beforeFirstRestart) if (ackedAt.get(n)! > crashAt - SAVE_WINDOW_MS) unsavedWindow.add(n);
      }
      const stopMs = await broker.stop(how);
      const down = performance.now();
      // Down long enough for publishes to fail and be retried.
      await sleep(outageMs, signal);
      const bootMs = await broker.start();
      const up = performance.now();
      const target = acknowledged.size + perPhase;
      const reconnected = await waitUntil(() => lastAck > up || signal.aborted, 60_000);
      if (!reconnected) failures.push(`restart ${index + 1}: no publish was acknowledged within 60 s of the broker accepting connections`);
      const reconnectMs = Math.round(lastAck - up);
      restarts.push({
        how,
        stopMs: Math.round(stopMs),
        downMs: Math.round(up - down),
        bootMs: Math.round(bootMs),
        reconnectMs,
        retried: 0,
      });
      log(
        `restart ${index + 1} (${how}): stopped in ${Math.round(stopMs)} ms, up after ${Math.round(up - down)} ms, first ack ${reconnectMs} ms later`,
      );
      if (!reconnected) break;
      await untilAcknowledged(target);
      restarts[index]!.retried = retried - retriedBefore;
    }
    stopping = true;
    giveUpAt = performance.now() + 30_000;
    await Promise.all(workers);
    const published = next;
    figures.published = published;
    figures.acknowledged = acknowledged.size;
    figures.publish_attempts = attempts;
    figures.publishes_retried = retried;
    for (const [i, r] of restarts.entries()) {
      figures[`restart${i + 1}`] = r.how === 'kill' ? 'SIGKILL' : 'SIGTERM';
      figures[`restart${i + 1}_stop_ms`] = r.stopMs;
      figures[`restart${i + 1}_down_ms`] = r.downMs;
      figures[`restart${i + 1}_reconnect_ms`] = r.reconnectMs;
      figures[`restart${i + 1}_retried`] = r.retried;
    }
    await publisher.close();
    publisher = undefined;

    const reading = performance.now();
    await Promise.race([startReading(), aborted(signal)]);
    const promised =
      kept === 'all' ? acknowledged : new Set([...(beforeFirstRestart ?? acknowledged)].filter((n) => !unsavedWindow.has(n)));
    const missing = () => [...promised].filter((n) => !read.has(n));
    // Everything acknowledged, or nothing new for 10 s.
    await waitUntil(() => missing().length === 0 || performance.now() - lastRead > 10_000 || signal.aborted, 120_000, 100);
    figures.read_ms = Math.round(performance.now() - reading);
    // Copies the broker still holds come in the next moments.
    await sleep(500, signal);
    const lost = missing();
    const handledTwice = [...read.values()].reduce((sum, count) => sum + count - 1, 0);
    figures.read = read.size;
    if (kept === 'before') {
      figures.lost_unsaved_at_crash = [...unsavedWindow].filter((n) => !read.has(n)).length;
      figures.dropped_after_restart = [...acknowledged].filter((n) => !beforeFirstRestart?.has(n) && !read.has(n)).length;
    }
    figures.stored_not_acknowledged = [...read.keys()].filter((n) => !acknowledged.has(n)).length;
    figures.raw_duplicates = rawDuplicates + handledTwice;
    figures.duplicates_after_dedupe = handledTwice;
    if (lost.length > 0)
      failures.push(`${lost.length} acknowledged messages are missing after the restarts (e.g. #${lost.slice(0, 5).join(', #')})`);
    if (handledTwice > 0) failures.push(`${handledTwice} messages were handled twice despite de-duplication`);
    if (acknowledged.size < perPhase * (RESTARTS[kind].length + 1)) failures.push(`only ${acknowledged.size} publishes were acknowledged`);
    return { ok: failures.length === 0, figures, lost: lost.length, duplicated: handledTwice, ...(failures.length ? { failures } : {}) };
  } finally {
    // The broker goes (killed by PID, its folder removed) whatever happened; closing clients against it first.
    await Promise.race([Promise.all([publisher?.close(), reader?.close()]).catch(() => {}), sleep(5_000)]);
    await broker.close();
  }
}
