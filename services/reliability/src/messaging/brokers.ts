/**
 * The four brokers of the messaging cases, opened the same way by a case and by the consumer
 * processes it starts (so both see one stream, exchange, key prefix or topic root), each under a
 * name of the case's own, and deleted with everything in it afterwards.
 */
import type { Transport } from '@apilife/messaging';
import { AmqpTransport } from '@apilife/messaging/amqp';
import { MqttTransport } from '@apilife/messaging/mqtt';
import { NatsTransport } from '@apilife/messaging/nats';
import { RedisTransport } from '@apilife/messaging/redis';
import { SERVERS } from '../support/servers.ts';

export const BROKERS = ['nats', 'amqp', 'redis', 'mqtt'] as const;
export type Broker = (typeof BROKERS)[number];

/** What the README calls each broker. */
export const BROKER_NAMES: Record<Broker, string> = {
  nats: 'NATS JetStream',
  amqp: 'RabbitMQ',
  redis: 'Redis Streams',
  mqtt: 'MQTT 5 (Mosquitto)',
};

/**
 * How long a delivery of a consumer that died waits before the broker (JetStream, Redis) hands it
 * to another consumer. Short, so the kills of a CI run do not wait 30 s each; production keeps the
 * default. RabbitMQ and MQTT redeliver once the connection is gone, without a deadline.
 */
export const ACK_WAIT_MS = 1500;

export interface OpenBroker {
  transport: Transport;
  /** Deletes the stream, exchange and queues, keys or sessions of `tag` (and closes the transport). */
  remove(): Promise<void>;
}

/** A transport of `broker` whose every name contains `tag` (`[a-z0-9_]`, unique per case run), at `url` or the machine's server. */
export function openBroker(broker: Broker, tag: string, url: string = SERVERS[broker]): OpenBroker {
  switch (broker) {
    case 'nats': {
      const transport = new NatsTransport({ servers: url, stream: tag.toUpperCase(), prefix: tag, ackWaitMs: ACK_WAIT_MS });
      return { transport, remove: async () => (await transport.deleteStream(), await transport.close()) };
    }
    case 'amqp': {
      const transport = new AmqpTransport({ url, exchange: tag, queuePrefix: tag });
      return { transport, remove: async () => (await transport.close(), await transport.deleteAll()) };
    }
    case 'redis': {
      const transport = new RedisTransport({ url, prefix: tag, ackWaitMs: ACK_WAIT_MS });
      return { transport, remove: async () => (await transport.close(), await transport.deleteAll()) };
    }
    case 'mqtt': {
      const transport = new MqttTransport({ url, prefix: tag, sessionExpirySeconds: 600 });
      return { transport, remove: () => transport.deleteAll() };
    }
  }
}
