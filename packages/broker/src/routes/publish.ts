import type { BrokerApp, BrokerDeps } from '../app.ts';

/** Publishing contracts (POST /contracts/publish). */
export function publishRoutes(_app: BrokerApp, _deps: BrokerDeps): void {}
