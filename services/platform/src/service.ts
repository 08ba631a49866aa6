import type { Messaging } from '@apilife/messaging';
import type { Hono } from 'hono';
import type { ServiceName, SystemConfig } from './config.ts';

/** What every service is built with. */
export interface ServiceDeps {
  config: SystemConfig;
  /** This service's messaging (its CloudEvents `source` is `/<service>`); the transport is shared and closed by whoever runs the system. */
  messaging: Messaging;
  /** One line per notable event (`[service] …`); default silent. */
  log?: (line: string) => void;
}

/**
 * A service: its HTTP app (the generated server with its handlers) and its background work
 * (subscriptions, timers), started after the app listens and stopped before it closes.
 */
export interface Service {
  name: ServiceName;
  app: { fetch: (request: Request, ...rest: never[]) => Response | Promise<Response> };
  /** Subscribes and starts timers. */
  start(): Promise<void>;
  /** Graceful: closes its subscriptions (handlers in flight finish) and timers; not the transport. */
  stop(): Promise<void>;
}

export type ServiceFactory = (deps: ServiceDeps) => Service | Promise<Service>;
export type { Hono };
