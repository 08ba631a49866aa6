export { BrokerRequestError, describeErrors, expand, HalClient, type BrokerConnection, type HalResource, type Link } from './hal.ts';
export { brokerConnection, type BrokerFlags } from './settings.ts';
export { detectVersionProperties, type VersionProperties } from './version.ts';
