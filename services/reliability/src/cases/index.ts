/** Every case of the battery, in the order it runs (and the README's "Guarantees" table lists them). */
import type { ReliabilityCase } from '../battery.ts';
import { cases as httpAbuse } from './http-abuse.ts';
import { cases as messagingBrokers } from './messaging-brokers.ts';
import { cases as messagingConsumers } from './messaging-consumers.ts';
import { cases as network } from './network.ts';
import { cases as outbox } from './outbox.ts';
import { cases as soak } from './soak.ts';
import { cases as tooling } from './tooling.ts';
import { cases as workflows } from './workflows.ts';

export const CASES: readonly ReliabilityCase[] = [
  ...messagingConsumers,
  ...messagingBrokers,
  ...outbox,
  ...workflows,
  ...soak,
  ...httpAbuse,
  ...network,
  ...tooling,
];
