/**
 * A consumer of an MQTT durable group that never acknowledges: it prints what it receives and
 * waits to be killed (`mqtt-transport.test.ts` SIGKILLs it and checks the group's other consumer
 * gets the delivery again).
 */
import { MqttTransport } from '../src/mqtt-transport.ts';

const transport = new MqttTransport({ url: process.env.MQTT_URL, prefix: process.env.CRASH_PREFIX, sessionExpirySeconds: 600 });
await transport.consume('crash/jobs', { group: process.env.CRASH_GROUP!, durable: true }, (delivery) => {
  process.stdout.write(`received ${delivery.message.headers['ce-id']}\n`);
});
process.stdout.write('ready\n');
setInterval(() => {}, 60_000);
