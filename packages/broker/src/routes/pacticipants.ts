import type { BrokerApp, BrokerDeps } from '../app.ts';

/** Pacticipants, their versions, branches and tags. */
export function pacticipantRoutes(_app: BrokerApp, _deps: BrokerDeps): void {}
