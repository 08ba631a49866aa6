import type { BrokerApp, BrokerDeps } from '../app.ts';

/** The HAL index (GET /). */
export function indexRoutes(_app: BrokerApp, _deps: BrokerDeps): void {}
