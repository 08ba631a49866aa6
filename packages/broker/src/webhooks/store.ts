import { randomUUID } from 'node:crypto';
import type { Sql } from '../store/db.ts';
import type { WebhookDefinition, WebhookEventName, WebhookRequest } from './definition.ts';

/** A stored webhook. */
export interface StoredWebhook extends WebhookDefinition {
  uuid: string;
  createdAt: string;
  updatedAt: string;
}

interface WebhookRow {
  uuid: string;
  description: string | null;
  consumer_name: string | null;
  provider_name: string | null;
  enabled: boolean;
  events: string;
  request: string;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (d: Date | string): string => new Date(d).toISOString();

const fromRow = (row: WebhookRow): StoredWebhook => ({
  uuid: row.uuid,
  description: row.description,
  consumer: row.consumer_name,
  provider: row.provider_name,
  enabled: row.enabled,
  events: JSON.parse(row.events) as WebhookEventName[],
  request: JSON.parse(row.request) as WebhookRequest,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});

const COLUMNS = 'uuid, description, consumer_name, provider_name, enabled, events, request, created_at, updated_at';

/** Webhooks, optionally only those for a consumer and/or provider, oldest first. */
export async function listWebhooks(sql: Sql, scope: { consumer?: string; provider?: string } = {}): Promise<StoredWebhook[]> {
  const rows = await sql.query<WebhookRow>(
    `SELECT ${COLUMNS} FROM webhooks WHERE ($1::text IS NULL OR consumer_name = $1) AND ($2::text IS NULL OR provider_name = $2) ORDER BY id`,
    [scope.consumer ?? null, scope.provider ?? null],
  );
  return rows.map(fromRow);
}

export async function findWebhook(sql: Sql, uuid: string): Promise<StoredWebhook | undefined> {
  const [row] = await sql.query<WebhookRow>(`SELECT ${COLUMNS} FROM webhooks WHERE uuid = $1`, [uuid]);
  return row && fromRow(row);
}

/** Creates the webhook, or replaces it when the uuid exists; answers it and whether it was created. */
export async function putWebhook(
  sql: Sql,
  uuid: string,
  webhook: WebhookDefinition,
  now: Date,
): Promise<{ webhook: StoredWebhook; created: boolean }> {
  const [row] = await sql.query<WebhookRow & { created: boolean }>(
    `INSERT INTO webhooks (uuid, description, consumer_name, provider_name, enabled, events, request, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
     ON CONFLICT (uuid) DO UPDATE SET description = EXCLUDED.description, consumer_name = EXCLUDED.consumer_name,
       provider_name = EXCLUDED.provider_name, enabled = EXCLUDED.enabled, events = EXCLUDED.events,
       request = EXCLUDED.request, updated_at = EXCLUDED.updated_at
     RETURNING ${COLUMNS}, (xmax = 0) AS created`,
    [
      uuid,
      webhook.description,
      webhook.consumer,
      webhook.provider,
      webhook.enabled,
      JSON.stringify(webhook.events),
      JSON.stringify(webhook.request),
      now,
    ],
  );
  return { webhook: fromRow(row!), created: row!.created };
}

export async function deleteWebhook(sql: Sql, uuid: string): Promise<boolean> {
  return (await sql.query('DELETE FROM webhooks WHERE uuid = $1 RETURNING uuid', [uuid])).length > 0;
}

/** One execution of a webhook (an event's delivery with its retries, or a test through the API). */
export interface WebhookExecution {
  uuid: string;
  webhookUuid: string;
  eventName: string;
  trigger: 'event' | 'test';
  status: 'pending' | 'running' | 'success' | 'failure';
  attempts: number;
  responseStatus: number | null;
  logs: string;
  createdAt: string;
  updatedAt: string;
}

interface ExecutionRow {
  id: string | number;
  uuid: string;
  webhook_uuid: string;
  event_name: string;
  trigger: 'event' | 'test';
  context: string;
  status: WebhookExecution['status'];
  attempts: number;
  response_status: number | null;
  logs: string;
  created_at: Date | string;
  updated_at: Date | string;
}

const executionFromRow = (row: ExecutionRow): WebhookExecution => ({
  uuid: row.uuid,
  webhookUuid: row.webhook_uuid,
  eventName: row.event_name,
  trigger: row.trigger,
  status: row.status,
  attempts: Number(row.attempts),
  responseStatus: row.response_status === null ? null : Number(row.response_status),
  logs: row.logs,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});

const EXECUTION_COLUMNS =
  'id, uuid, webhook_uuid, event_name, trigger, context, status, attempts, response_status, logs, created_at, updated_at';

/** A webhook's executions, newest first (at most 100). */
export async function listExecutions(sql: Sql, webhookUuid: string): Promise<WebhookExecution[]> {
  const rows = await sql.query<ExecutionRow>(
    `SELECT ${EXECUTION_COLUMNS} FROM webhook_executions WHERE webhook_uuid = $1 ORDER BY id DESC LIMIT 100`,
    [webhookUuid],
  );
  return rows.map(executionFromRow);
}

/** Queues an execution (status pending, due now, or running when the caller delivers it at once). */
export async function insertExecution(
  sql: Sql,
  execution: { webhookUuid: string; eventName: string; trigger: 'event' | 'test'; context: Record<string, string>; running: boolean },
): Promise<string> {
  const uuid = randomUUID();
  await sql.query(
    `INSERT INTO webhook_executions (uuid, webhook_uuid, event_name, trigger, context, status, attempts)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      uuid,
      execution.webhookUuid,
      execution.eventName,
      execution.trigger,
      JSON.stringify(execution.context),
      execution.running ? 'running' : 'pending',
      execution.running ? 1 : 0,
    ],
  );
  return uuid;
}

/** A claimed execution: the webhook to call and the parameters to render it with. */
export interface ClaimedExecution {
  uuid: string;
  webhookUuid: string;
  attempts: number;
  context: Record<string, string>;
}

/**
 * Claims the oldest due execution for this process: a pending one whose time has come, or a running
 * one whose claim expired (its process died). `SKIP LOCKED` keeps two brokers off the same row.
 */
export async function claimDueExecution(sql: Sql, claimMs: number): Promise<ClaimedExecution | undefined> {
  const [row] = await sql.query<ExecutionRow>(
    `UPDATE webhook_executions SET status = 'running', attempts = attempts + 1,
       locked_until = now() + ($1::integer * interval '1 millisecond'), updated_at = now()
     WHERE id = (SELECT id FROM webhook_executions
                 WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'running' AND locked_until < now())
                 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING ${EXECUTION_COLUMNS}`,
    [claimMs],
  );
  return row && { uuid: row.uuid, webhookUuid: row.webhook_uuid, attempts: Number(row.attempts), context: JSON.parse(row.context) };
}

/** Records an attempt's outcome: done (success or failure), or pending again after `retryInMs`. */
export async function finishAttempt(
  sql: Sql,
  uuid: string,
  outcome: { status: 'success' | 'failure' | 'pending'; responseStatus: number | null; logs: string; retryInMs?: number },
): Promise<void> {
  await sql.query(
    `UPDATE webhook_executions SET status = $2, response_status = $3, logs = logs || $4, locked_until = NULL,
       next_attempt_at = now() + ($5::integer * interval '1 millisecond'), updated_at = now()
     WHERE uuid = $1`,
    [uuid, outcome.status, outcome.responseStatus, outcome.logs, Math.round(outcome.retryInMs ?? 0)],
  );
}
