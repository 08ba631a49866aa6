/**
 * One Delivery service in a process of its own, as `pnpm start --only delivery` runs it, without
 * loading the other services (a restart in the outbox and scale-out cases costs one start-up,
 * twenty times): settings from the environment (`DELIVERY_STORE`, `DELIVERY_TABLE_PREFIX`,
 * `APILIFE_TRANSPORT`, `APILIFE_BUS_PREFIX`, `APILIFE_DEV_SEED`, `DELIVERY_PORT`,
 * `APILIFE_FAILPOINTS`). Prints `ready <port>` once it listens and its outbox is drained.
 */
import { createMessaging } from '@apilife/messaging';
import { createDeliveryService } from '@drone-delivery/delivery';
import { createBus, listen, listenHost, systemConfig } from '@drone-delivery/platform';

const config = systemConfig(process.env);
const transport = createBus(config);
const service = createDeliveryService({
  config,
  messaging: createMessaging({ transport, source: '/delivery' }),
  log: (line) => process.stderr.write(`${line}\n`),
});
const server = await listen(service.app, { host: listenHost(config, 'delivery'), port: config.ports.delivery });
await service.start();
process.stdout.write(`ready ${server.port}\n`);

const stop = async () => {
  await service.stop();
  await server.close();
  await transport.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
