import type { BrokerEvent } from '../app.ts';
import type { Db, Sql } from '../store/db.ts';
import { deliver, renderRequest } from './deliver.ts';
import { pactParameters } from './parameters.ts';
import { claimDueExecution, findWebhook, finishAttempt, insertExecution, listWebhooks } from './store.ts';
import type { WebhookSettings } from './settings.ts';

/** Queues and delivers webhook executions for the broker's events. */
export interface WebhookDispatcher {
  /** Queues an execution for every enabled webhook the event matches, then delivers; never throws. */
  emit(event: BrokerEvent): void;
  /** Delivers what is queued and due now (after a change queued its executions in its own transaction); never throws. */
  kick(): void;
  /** Resolves when everything queued so far and due now has been attempted (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops polling and waits for the attempts under way. */
  close(): Promise<void>;
}

/** What the dispatcher reports instead of throwing (a failed target never reaches a publish). */
export type WebhookLog = (message: string, error?: unknown) => void;

/**
 * The broker's webhook delivery. The queue is the `webhook_executions` table, so a delivery survives
 * a restart and any broker process on the same database may take it. A publish queues its
 * executions in its own transaction (`queueExecutions`), so a crash right after the commit loses no
 * event, then `kick`s delivery; a failing target is retried with doubling waits
 * up to `maxAttempts`, then marked failed. A poll picks up retries as they fall due.
 */
export function createWebhookDispatcher(db: Db, settings: WebhookSettings, baseUrl: () => string, log: WebhookLog): WebhookDispatcher {
  let work: Promise<void> = Promise.resolve();
  let draining: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const drain = (): Promise<void> => {
    if (draining) {
      again = true;
      return draining;
    }
    draining = (async () => {
      do {
        again = false;
        for (;;) {
          const claimed = await claimDueExecution(db, settings.timeoutMs * 2 + 5_000);
          if (!claimed) break;
          await attempt(claimed);
        }
      } while (again && !closed);
    })()
      .catch((error) => log('webhook delivery failed', error))
      .finally(() => {
        draining = undefined;
      });
    return draining;
  };

  async function attempt(claimed: NonNullable<Awaited<ReturnType<typeof claimDueExecution>>>): Promise<void> {
    const webhook = await findWebhook(db, claimed.webhookUuid);
    if (!webhook?.enabled || claimed.attempts > settings.maxAttempts) {
      const why = !webhook ? 'the webhook was deleted' : !webhook.enabled ? 'the webhook is disabled' : 'no attempts left';
      await finishAttempt(db, claimed.uuid, { status: 'failure', responseStatus: null, logs: `not sent: ${why}\n` });
      return;
    }
    const result = await deliver(renderRequest(webhook.request, claimed.context), settings);
    const retry = !result.success && claimed.attempts < settings.maxAttempts;
    const retryInMs = settings.retryDelayMs * 2 ** (claimed.attempts - 1);
    await finishAttempt(db, claimed.uuid, {
      status: result.success ? 'success' : retry ? 'pending' : 'failure',
      responseStatus: result.status,
      logs: result.logs + (retry ? `retrying in ${retryInMs} ms (attempt ${claimed.attempts} of ${settings.maxAttempts})\n` : ''),
      ...(retry ? { retryInMs } : {}),
    });
  }

  const timer = setInterval(() => void drain(), settings.pollIntervalMs);
  timer.unref();

  return {
    emit(event) {
      if (closed) return;
      work = work
        .then(() => queueExecutions(db, event, baseUrl()))
        .catch((error) => log(`could not queue webhooks for ${event.consumer} ${event.consumerVersion} → ${event.provider}`, error))
        .then(() => void drain());
    },
    kick() {
      if (!closed) work = work.then(() => void drain());
    },
    async idle() {
      await work;
      await drain();
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await work;
      await draining;
    },
  };
}

/**
 * Queues an execution for every enabled webhook the event matches, through `sql`: inside the
 * transaction of the change that caused the event, the executions commit with it or not at all.
 */
export async function queueExecutions(sql: Sql, event: BrokerEvent, baseUrl: string): Promise<void> {
  const webhooks = (await listWebhooks(sql)).filter(
    (w) =>
      w.enabled &&
      (w.consumer === null || w.consumer === event.consumer) &&
      (w.provider === null || w.provider === event.provider) &&
      w.events.some((name) => name === event.type || name === 'contract_content_changed'),
  );
  for (const webhook of webhooks) {
    const eventName = webhook.events.includes(event.type) ? event.type : 'contract_content_changed';
    const context = await pactParameters(sql, event, eventName, baseUrl);
    await insertExecution(sql, { webhookUuid: webhook.uuid, eventName, trigger: 'event', context, running: false });
  }
}
