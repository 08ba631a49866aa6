/**
 * Broker restarts: a private broker of each kind (never the machine's shared ones) is restarted
 * three times while publishers publish a numbered stream and retry what failed; afterwards a
 * consumer reads everything, and every publish whose promise resolved (acknowledged) must be there.
 * Two restarts are crashes (SIGKILL), one is graceful (SIGTERM), with the OS still up: what
 * the broker wrote reached the page cache, so this proves the broker's own bookkeeping, not what an
 * fsync would have kept across a power failure (docs/adr/0032-broker-durability.md).
 */
import type { CaseContext, CaseResult, ReliabilityCase } from '../battery.ts';
import { runBrokerRestart, type Kept } from '../brokers/broker-restart.ts';
import type { BrokerKind } from '../brokers/private-broker.ts';

const NAMES: Record<BrokerKind, string> = { nats: 'NATS JetStream', amqp: 'RabbitMQ', redis: 'Redis Streams', mqtt: 'MQTT (Mosquitto)' };

/** What holds, per broker: Mosquitto keeps an offline durable group's messages, not its subscription (ADR 0032). */
const KEPT: Record<BrokerKind, { kept: Kept; what: string }> = {
  nats: { kept: 'all', what: 'every acknowledged message is there after the restarts' },
  amqp: { kept: 'all', what: 'every acknowledged message is there after the restarts' },
  redis: { kept: 'all', what: 'every acknowledged message is there after the restarts' },
  mqtt: {
    kept: 'before',
    what: 'every message acknowledged before the first restart (but in its last second) is still in the offline durable group after all three (Mosquitto drops what is published after a restart until a consumer of the group reconnects, as it does not restore shared subscriptions, and saves after it acknowledges)',
  },
};

function restartCase(kind: BrokerKind, limit: { ci: number; full: number }): ReliabilityCase {
  const { kept, what } = KEPT[kind];
  return {
    id: `messaging.broker-restart.${kind}`,
    area: 'messaging',
    promise: `${NAMES[kind]} restarted 3 times (${kind === 'amqp' ? 'SIGTERM, SIGKILL, SIGTERM' : 'SIGKILL, SIGTERM, SIGKILL'}) while publishers retry: ${what}, none handled twice after de-duplication (a process restart with the OS up, not fsync loss on power failure)`,
    // A private broker of its own: it needs nothing of the machine's shared servers.
    needs: [],
    limit,
    run: (context: CaseContext): Promise<CaseResult> => runBrokerRestart(kind, context, kept),
  };
}

export const cases: ReliabilityCase[] = [
  restartCase('nats', { ci: 60, full: 300 }),
  restartCase('amqp', { ci: 180, full: 480 }),
  restartCase('redis', { ci: 60, full: 300 }),
  restartCase('mqtt', { ci: 60, full: 300 }),
];
