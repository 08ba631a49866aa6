import type { BrokerApp, BrokerDeps } from '../app.ts';

/** The matrix and can-i-deploy / can-i-merge. */
export function matrixRoutes(_app: BrokerApp, _deps: BrokerDeps): void {}
