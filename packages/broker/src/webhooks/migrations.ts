/**
 * The webhooks' tables (migration ids 30–49): the webhooks themselves, and every execution of one
 * (triggered by an event, or a test through the API) with its status, attempts and log, which is
 * also the delivery queue: a pending row is delivered by whichever broker process claims it first.
 */
export const WEBHOOK_MIGRATIONS: readonly { id: number; name: string; sql: string }[] = [
  {
    id: 30,
    name: 'webhooks',
    sql: `
CREATE TABLE webhooks (
  id bigserial PRIMARY KEY,
  uuid text NOT NULL UNIQUE,
  description text,
  consumer_name text,
  provider_name text,
  enabled boolean NOT NULL DEFAULT true,
  events text NOT NULL,
  request text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE webhook_executions (
  id bigserial PRIMARY KEY,
  uuid text NOT NULL UNIQUE,
  webhook_uuid text NOT NULL REFERENCES webhooks(uuid) ON DELETE CASCADE,
  event_name text NOT NULL,
  trigger text NOT NULL,
  context text NOT NULL,
  status text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  response_status integer,
  logs text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_executions_webhook ON webhook_executions (webhook_uuid, id);
CREATE INDEX webhook_executions_due ON webhook_executions (next_attempt_at) WHERE status IN ('pending', 'running');
`,
  },
];
