/**
 * `@apilife/messaging/mqtt`: the MQTT 5 transport. Needs the optional peer `mqtt` (`npm i mqtt`).
 * @example
 * import { MqttTransport } from '@apilife/messaging/mqtt';
 * const transport = new MqttTransport({ url: 'mqtt://127.0.0.1:1883' });
 */
export { MqttTransport } from './mqtt-transport.ts';
export type { MqttTransportOptions } from './mqtt-transport.ts';
