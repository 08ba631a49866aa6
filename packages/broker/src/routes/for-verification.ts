import type { BrokerApp, BrokerDeps } from '../app.ts';

/** Pacts for verification: consumer version selectors, pending and WIP pacts. */
export function forVerificationRoutes(_app: BrokerApp, _deps: BrokerDeps): void {}
