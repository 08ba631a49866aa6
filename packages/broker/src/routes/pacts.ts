import type { BrokerApp, BrokerDeps } from '../app.ts';

/** Pact resources (by consumer version, by content sha) and verification results. */
export function pactRoutes(_app: BrokerApp, _deps: BrokerDeps): void {}
