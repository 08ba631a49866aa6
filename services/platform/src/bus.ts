import { MemoryTransport, type Transport } from '@apilife/messaging';
import { AmqpTransport } from '@apilife/messaging/amqp';
import { MqttTransport } from '@apilife/messaging/mqtt';
import { NatsTransport } from '@apilife/messaging/nats';
import { RedisTransport } from '@apilife/messaging/redis';
import type { SystemConfig } from './config.ts';

/**
 * The message bus the services share: one in-memory transport when they run in one process, or
 * the broker the setting names (every process then reaches the same streams and queues).
 */
export function createBus(config: SystemConfig): Transport {
  const prefix = config.busPrefix;
  switch (config.transport) {
    case 'memory':
      return new MemoryTransport();
    case 'nats':
      return new NatsTransport({
        stream: prefix.toUpperCase().replace(/[^A-Z0-9_-]/g, '_'),
        prefix: prefix.replace(/[^A-Za-z0-9_-]/g, '_'),
      });
    case 'amqp':
      return new AmqpTransport({ exchange: prefix, queuePrefix: prefix });
    case 'redis':
      return new RedisTransport({ prefix });
    case 'mqtt':
      return new MqttTransport({ prefix });
  }
}
