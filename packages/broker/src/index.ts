export { createBrokerApp, type BrokerApp, type BrokerAppOptions, type BrokerDeps, type BrokerEvent } from './app.ts';
export { BrokerError, type Notice } from './problem.ts';
export { dumpImage, openDb, type Db, type Sql, type StoreLocation } from './store/db.ts';
export { migrate, MIGRATIONS } from './store/migrations.ts';
export { startBroker, UnsafeListenError, type RunningBroker, type StartBrokerOptions } from './serve.ts';
export { TOKEN_ENV, parseTokenList, type BrokerAuth } from './auth.ts';
export type { RequestLimits } from './request-limits.ts';
export { webhookSettings, type WebhookOptions } from './webhooks/settings.ts';
