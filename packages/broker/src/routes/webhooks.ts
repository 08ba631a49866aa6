import type { BrokerApp, BrokerDeps } from '../app.ts';

/** Webhooks on contract_requiring_verification_published, to allow-listed targets only. */
export function webhookRoutes(_app: BrokerApp, _deps: BrokerDeps): void {}
