import type { BrokerApp, BrokerDeps } from '../app.ts';

/** Environments, and the versions deployed to and released in them (record-deployment, record-release, undeployment, support ended). */
export function environmentRoutes(_app: BrokerApp, _deps: BrokerDeps): void {}
