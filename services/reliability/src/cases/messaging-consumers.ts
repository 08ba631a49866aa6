/**
 * What a consumer of `@apilife/messaging` can rely on, on each broker: killed consumers lose and
 * duplicate nothing (transactional inbox) and keep per-key order where ADR 0013 promises it; a
 * poison message alone reaches the dead letters after `maxAttempts`; a slow consumer under a deep
 * backlog holds no more than its `prefetch` and a bounded amount of memory.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Consumer, createMessaging, DEAD_LETTER_GROUP, decodeEnvelope, type Subscription, type Transport } from '@apilife/messaging';
import pg from 'pg';
import type { CaseContext, CaseResult, ReliabilityCase } from '../battery.ts';
import { ACK_WAIT_MS, BROKER_NAMES, BROKERS, type Broker, openBroker } from '../messaging/brokers.ts';
import type { ConsumerConfig } from '../messaging/consumer.ts';
import { checkEffects, createEffectTables, dropEffectTables, effectCount, effectTables } from '../messaging/effects.ts';
import { startMosquitto, type PrivateMosquitto } from '../support/mosquitto.ts';
import { type Child, rss, sampleRss, sleep, spawnScript, waitUntil } from '../support/process.ts';
import { SERVERS } from '../support/servers.ts';
import { mib, round } from '../support/stats.ts';

const CONSUMER = join(import.meta.dirname, '..', 'messaging', 'consumer.ts');
/** One delivery's events, as the drone delivery system publishes them. */
const PATTERN = 'delivery.{deliveryId}.events';
const channelOf = (key: string) => `delivery.${key}.events`;

/**
 * The broker a case talks to: the machine's, or for MQTT a private Mosquitto with
 * `max_queued_messages 0`, as the README asks of durable groups (the default 1000 drops the
 * backlog of these cases).
 */
async function brokerUrl(broker: Broker, context: CaseContext): Promise<{ url: string; mosquitto?: PrivateMosquitto }> {
  if (broker !== 'mqtt') return { url: SERVERS[broker] };
  const mosquitto = await startMosquitto(context.dir, ['max_queued_messages 0']);
  return { url: mosquitto.url, mosquitto };
}

/** Publishes `perKey` events to each of `keys` keys, each key's in order (one publisher per key), numbered 0…N-1 overall. */
async function publishKeyed(
  transport: Transport,
  keys: number,
  perKey: number,
  signal: AbortSignal,
  data: (i: number) => object = () => ({}),
) {
  // Not closed: closing a messaging closes its transport, which the case deletes its names with.
  const messaging = createMessaging({ transport, source: '/reliability/producer' });
  await Promise.all(
    Array.from({ length: keys }, async (_, k) => {
      const key = `d-${k}`;
      for (let seq = 0; seq < perKey && !signal.aborted; seq++) {
        const i = seq * keys + k;
        await messaging.publish(channelOf(key), { type: 'reliability.delivery.event', data: { key, seq, i, ...data(i) } });
      }
    }),
  );
}

const KILLS = 10;

function consumerKill(broker: Broker): ReliabilityCase {
  return {
    id: `messaging.consumer-kill.${broker}`,
    area: 'messaging',
    promise: `On ${BROKER_NAMES[broker]}, a consumer group with a PostgreSQL transactional inbox whose consumer process is SIGKILLed ${KILLS} times mid-stream loses no event and commits no side effect twice, and each key's effects commit in publish order except for the messages the broker redelivers after a crash.`,
    needs: [broker, 'postgres'],
    // Hang detectors, not speed checks: 20,000 events take 40-60 s on a quiet machine, up to 300 s on a loaded one.
    limit: { ci: 600, full: 1800 },
    async run(context) {
      const events = context.pick(20_000, 100_000);
      const keys = context.pick(200, 500);
      const tag = `msgc_${context.id}_kill_${broker}`;
      const tables = effectTables(tag);
      const group = 'effects';
      const pool = new pg.Pool({ connectionString: SERVERS.postgres, max: 2 });
      const { url, mosquitto } = await brokerUrl(broker, context);
      const open = openBroker(broker, tag, url);
      const children = new Set<Child>();
      let next: Promise<{ child: Child; go: () => Promise<void> }> | undefined;
      const duplicates = new Set<string>();
      let duplicateCopies = 0;
      try {
        await createEffectTables(pool, tables);
        // The group and its dead letters exist before anything is published (and are deleted afterwards).
        await open.transport.ensureGroup(PATTERN, group);
        await open.transport.ensureGroup(`dlq.${group}`, DEAD_LETTER_GROUP);
        const config: ConsumerConfig = {
          broker,
          tag,
          url,
          pattern: PATTERN,
          group,
          prefetch: 64,
          mode: 'effects',
          database: SERVERS.postgres,
          tables,
        };
        // Each consumer is started ahead, on standby, so a kill's replacement takes over at once.
        let standbys = 0;
        const standby = async () => {
          const go = join(context.dir, `go-${standbys++}`);
          const child = await spawnScript(CONSUMER, { env: { MSGC_CONFIG: JSON.stringify({ ...config, standby: go }) }, ready: /standby/ });
          children.add(child);
          let buffered = '';
          child.process.stdout!.on('data', (chunk: Buffer | string) => {
            const lines = (buffered + String(chunk)).split('\n');
            buffered = lines.pop() ?? '';
            for (const line of lines)
              if (line.startsWith('duplicate ')) {
                duplicateCopies++;
                duplicates.add(line.slice(10));
              }
          });
          return { child, go: () => writeFile(go, '') };
        };
        next = standby();
        const start = async () => {
          const { child, go } = await next!;
          await go();
          next = standby();
          return child;
        };
        const started = performance.now();
        const publishing = publishKeyed(open.transport, keys, events / keys, context.signal);
        let child = await start();
        const killedAt: number[] = [];
        // Kills spread over the run: the k-th once k/(KILLS+1) of the events have taken effect.
        for (let k = 1; k <= KILLS && !context.signal.aborted; k++) {
          const target = Math.floor((events * k) / (KILLS + 1));
          await waitUntil(async () => context.signal.aborted || (await effectCount(pool, tables)) >= target, 600_000, 100);
          if (context.signal.aborted) break;
          await child.kill('SIGKILL');
          children.delete(child);
          killedAt.push(await effectCount(pool, tables));
          context.log(`kill ${k}: ${killedAt.at(-1)} of ${events} events had taken effect`);
          child = await start();
        }
        await publishing;
        await waitUntil(async () => context.signal.aborted || (await effectCount(pool, tables)) >= events, 600_000, 100);
        const seconds = (performance.now() - started) / 1000;
        // Copies of the last kill's deliveries come back after the ack deadline: the inbox must refuse them.
        await sleep(ACK_WAIT_MS + 1500, context.signal);
        await child.kill('SIGKILL');
        children.delete(child);
        await next.then(({ child }) => child.kill('SIGKILL')).catch(() => {});
        const found = await checkEffects(pool, tables, events);
        // Stopped at its limit: what had not taken effect yet is unfinished, not lost.
        const stopped = context.signal.aborted;
        const failures: string[] = [];
        if (killedAt.length < KILLS) failures.push(`only ${killedAt.length} of ${KILLS} kills happened before the case was stopped`);
        if (killedAt.some((n) => n >= events)) failures.push('a kill came after every event had taken effect: it proved nothing');
        if (stopped) failures.push(`stopped at its limit with ${events - found.lost} of ${events} events taken effect`);
        else if (found.lost > 0) failures.push(`${found.lost} events never took effect`);
        if (found.duplicated > 0) failures.push(`${found.duplicated} side effects were committed twice`);
        if (found.outOfOrderFirstDelivery > 0)
          failures.push(`${found.outOfOrderFirstDelivery} effects of first deliveries committed after a later event of their key`);
        return {
          ok: failures.length === 0,
          ...(stopped ? {} : { lost: found.lost }),
          duplicated: found.duplicated,
          figures: {
            events,
            keys,
            kills: killedAt.length,
            eventsPerSecond: round(events / seconds),
            redeliveredEffects: found.redelivered,
            duplicatesRefused: duplicateCopies,
            duplicateMessages: duplicates.size,
            outOfOrder: found.outOfOrder,
            maxOutOfOrder: found.maxOutOfOrder,
            ...(mosquitto ? { mosquitto: 'max_queued_messages 0' } : {}),
          },
          ...(failures.length ? { failures } : {}),
        };
      } finally {
        await next?.catch(() => {});
        await Promise.all([...children].map((c) => c.kill('SIGKILL')));
        await open.remove().catch(() => {});
        await mosquitto?.stop();
        await dropEffectTables(pool, tables).catch(() => {});
        await pool.end();
      }
    },
  };
}

const MAX_ATTEMPTS = 4;

function poison(broker: Broker): ReliabilityCase {
  return {
    id: `messaging.poison.${broker}`,
    area: 'messaging',
    promise: `On ${BROKER_NAMES[broker]}, a message whose handler always fails is attempted exactly \`maxAttempts\` times and then alone reaches the group's dead letters (with the attempts and the reason), while every other message is handled once, with retries through the broker and with retries in place (an \`orderingKey\`).`,
    needs: [broker],
    limit: { ci: 60, full: 180 },
    async run(context) {
      const keys = 20;
      const perKey = context.pick(100, 500);
      const messages = keys * perKey;
      const poisonAt = Math.floor(messages / 2);
      const tag = `msgc_${context.id}_poison_${broker}`;
      const { url, mosquitto } = await brokerUrl(broker, context);
      const open = openBroker(broker, tag, url);
      const messaging = createMessaging({ transport: open.transport, source: '/reliability/poison' });
      const groups = ['broker-retries', 'in-place'] as const;
      const handled = Object.fromEntries(groups.map((g) => [g, new Map<number, number>()])) as Record<
        (typeof groups)[number],
        Map<number, number>
      >;
      const attempts = { 'broker-retries': 0, 'in-place': 0 };
      const deadLetters = {
        'broker-retries': [] as { i: number; attempts: string; reason: string }[],
        'in-place': [] as { i: number; attempts: string; reason: string }[],
      };
      const subscriptions: Subscription[] = [];
      const readers: Consumer[] = [];
      try {
        for (const group of groups) {
          subscriptions.push(
            await messaging.subscribe<{ i: number; poison?: boolean }>(PATTERN, {
              group,
              maxAttempts: MAX_ATTEMPTS,
              backoff: { baseMs: 20, maxMs: 200 },
              ...(group === 'in-place' ? { orderingKey: 'channel' as const } : {}),
              handler: (envelope) => {
                if (envelope.data.poison) {
                  attempts[group]++;
                  throw new Error('poison: this message always fails');
                }
                handled[group].set(envelope.data.i, (handled[group].get(envelope.data.i) ?? 0) + 1);
              },
            }),
          );
          readers.push(
            await open.transport.consume(`dlq.${group}`, { group: DEAD_LETTER_GROUP, durable: true }, (delivery) => {
              const { data } = decodeEnvelope(delivery.message) as { data: { i: number } };
              const headers = delivery.message.headers;
              deadLetters[group].push({
                i: data.i,
                attempts: headers['x-dead-letter-attempts'] ?? '',
                reason: headers['x-dead-letter-reason'] ?? '',
              });
              void delivery.ack();
            }),
          );
        }
        const started = performance.now();
        await publishKeyed(open.transport, keys, perKey, context.signal, (i) => (i === poisonAt ? { poison: true } : {}));
        const done = () => groups.every((g) => handled[g].size >= messages - 1 && deadLetters[g].length >= 1);
        await waitUntil(() => context.signal.aborted || done(), 600_000, 20);
        const seconds = (performance.now() - started) / 1000;
        // Anything more (another attempt, a second dead letter, a copy) would come now.
        await sleep(1000, context.signal);
        const failures: string[] = [];
        let lost = 0;
        let duplicated = 0;
        for (const group of groups) {
          for (let i = 0; i < messages; i++) {
            if (i === poisonAt) continue;
            const n = handled[group].get(i) ?? 0;
            if (n === 0) lost++;
            if (n > 1) duplicated += n - 1;
          }
          if (attempts[group] !== MAX_ATTEMPTS)
            failures.push(`${group}: the poison was attempted ${attempts[group]} times, not ${MAX_ATTEMPTS}`);
          const letters = deadLetters[group];
          if (letters.length !== 1 || letters[0]!.i !== poisonAt)
            failures.push(`${group}: ${letters.length} dead letters (${letters.map((l) => l.i).join(', ')}), not the poison alone`);
          else if (letters[0]!.attempts !== String(MAX_ATTEMPTS))
            failures.push(`${group}: the dead letter says ${letters[0]!.attempts} attempts, not ${MAX_ATTEMPTS}`);
        }
        if (lost > 0) failures.push(`${lost} other messages were not handled`);
        if (duplicated > 0) failures.push(`${duplicated} other messages were handled more than once`);
        return {
          ok: failures.length === 0,
          lost,
          duplicated,
          figures: {
            messages,
            maxAttempts: MAX_ATTEMPTS,
            poisonAttempts: attempts['broker-retries'],
            poisonAttemptsInPlace: attempts['in-place'],
            deadLetters: deadLetters['broker-retries'].length + deadLetters['in-place'].length,
            othersHandled: handled['broker-retries'].size,
            othersHandledInPlace: handled['in-place'].size,
            messagesPerSecond: round((2 * messages) / seconds),
          },
          ...(failures.length ? { failures } : {}),
        };
      } finally {
        // Not `messaging.close()`: it closes the transport, which deletes the case's names below.
        await Promise.all([...subscriptions.map((s) => s.close()), ...readers.map((r) => r.close())]).catch(() => {});
        await open.remove().catch(() => {});
        await mosquitto?.stop();
      }
    },
  };
}

const SLOW_BOUND_MIB = 64;

function slowConsumer(broker: Broker): ReliabilityCase {
  return {
    id: `messaging.slow-consumer.${broker}`,
    area: 'messaging',
    promise: `On ${BROKER_NAMES[broker]}, a consumer ten times slower than its producer, with 50,000 messages queued, never holds more than its \`prefetch\` deliveries unacknowledged (nor runs more handlers at once), and its memory stays within ${SLOW_BOUND_MIB} MiB of what it started with.`,
    needs: [broker],
    limit: { ci: 150, full: 300 },
    exclusive: true,
    async run(context) {
      const queued = 50_000;
      const keys = 100;
      const prefetch = 32;
      const windowMs = context.pick(8_000, 60_000);
      const tag = `msgc_${context.id}_slow_${broker}`;
      const group = 'slow';
      const { url, mosquitto } = await brokerUrl(broker, context);
      const open = openBroker(broker, tag, url);
      let child: Child | undefined;
      const producing = new AbortController();
      const stop = () => producing.abort();
      context.signal.addEventListener('abort', stop);
      try {
        await open.transport.ensureGroup(PATTERN, group);
        await open.transport.ensureGroup(`dlq.${group}`, DEAD_LETTER_GROUP);
        const filling = performance.now();
        await publishKeyed(open.transport, keys, queued / keys, context.signal);
        const producerPerSecond = queued / ((performance.now() - filling) / 1000);
        // The handler's time that makes the consumer (`prefetch` handlers at once) a tenth as fast as the producer.
        const delayMs = Math.min(1000, Math.max(5, Math.round((prefetch * 10 * 1000) / producerPerSecond)));
        context.log(`${queued} queued at ${round(producerPerSecond)}/s; each message takes ${delayMs} ms in the handler`);
        const config: ConsumerConfig = { broker, tag, url, pattern: PATTERN, group, prefetch, mode: 'slow', delayMs };
        child = await spawnScript(CONSUMER, { env: { MSGC_CONFIG: JSON.stringify(config) } });
        const start = (await rss(child.pid)) ?? 0;
        const sampler = sampleRss(child.pid, 200);
        let stats: Record<string, number> = {};
        let buffered = '';
        child.process.stdout!.on('data', (chunk: Buffer | string) => {
          const lines = (buffered + String(chunk)).split('\n');
          buffered = lines.pop() ?? '';
          const last = lines.filter((l) => l.startsWith('stats ')).at(-1);
          if (last)
            stats = Object.fromEntries(
              last
                .slice(6)
                .split(' ')
                .map((kv) => [kv.split('=')[0]!, Number(kv.split('=')[1])]),
            );
        });
        // The producer goes on meanwhile, as fast as it can.
        const more = publishKeyed(open.transport, keys, Number.MAX_SAFE_INTEGER, producing.signal);
        await sleep(windowMs, context.signal);
        producing.abort();
        await more.catch(() => {});
        const samples = sampler.stop();
        await sleep(300); // the last stats line
        await child.kill('SIGKILL');
        const peak = Math.max(start, ...samples);
        const failures: string[] = [];
        const maxUnacked = stats.maxUnacked ?? Number.NaN;
        const maxInHandler = stats.maxInHandler ?? Number.NaN;
        if (!(maxUnacked <= prefetch))
          failures.push(`the consumer held ${maxUnacked} deliveries unacknowledged, above its prefetch of ${prefetch}`);
        if (!(maxInHandler <= prefetch)) failures.push(`${maxInHandler} handlers ran at once, above the prefetch of ${prefetch}`);
        if (peak - start > SLOW_BOUND_MIB * 1024 * 1024)
          failures.push(`its memory grew by ${mib(peak - start)} MiB, above the bound of ${SLOW_BOUND_MIB} MiB`);
        if (!(stats.handled! > 0)) failures.push('the consumer handled nothing');
        return {
          ok: failures.length === 0,
          figures: {
            queued,
            prefetch,
            handlerMs: delayMs,
            producerPerSecond: round(producerPerSecond),
            consumerPerSecond: round((stats.handled ?? 0) / (windowMs / 1000)),
            maxUnacked,
            maxInHandler,
            rssStartMiB: mib(start),
            rssPeakMiB: mib(peak),
            rssGrowthMiB: mib(peak - start),
            boundMiB: SLOW_BOUND_MIB,
            rssSamples: samples.length,
            ...(mosquitto ? { mosquitto: 'max_queued_messages 0' } : {}),
          },
          ...(failures.length ? { failures } : {}),
        };
      } finally {
        context.signal.removeEventListener('abort', stop);
        producing.abort();
        await child?.kill('SIGKILL');
        await open.remove().catch(() => {});
        await mosquitto?.stop();
      }
    },
  };
}

export const cases: ReliabilityCase[] = [...BROKERS.map(consumerKill), ...BROKERS.map(poison), ...BROKERS.map(slowConsumer)];
