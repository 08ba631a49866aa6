import { failpoint } from '@drone-delivery/platform';
import type { RequestRecord, RequestStore, SagaData } from './store.ts';

type StepName = RequestRecord['operation']['steps'][number]['name'];

/** One step of a workflow: what it does and, if it changed something elsewhere, how to undo it. */
export interface SagaStep {
  name: StepName;
  /** Does the step; returns what later steps need. Must be idempotent: after a crash it runs again. */
  run(record: RequestRecord): Promise<Partial<SagaData>>;
  /** Undoes it (idempotent too). Steps without one (reads) need no undoing. */
  compensate?(record: RequestRecord): Promise<void>;
}

/**
 * A step failed in a way retrying will not fix (the saga compensates at once). Its message is
 * the reason the shipper reads in `failureReason` (`account … is suspended`); what the log needs
 * beyond that goes in `cause`.
 */
export class StepRejected extends Error {
  override readonly name = 'StepRejected';
}

/**
 * The reason a shipper reads when a step failed for another reason (an upstream down, timing out,
 * answering 5xx): stable, and naming no service, address or error. The log has the detail.
 */
export const UNAVAILABLE_REASON = 'a service it needs is unavailable; try again later';

/** An error and its causes in one line, for the log: `check-account: getAccount … ← fetch failed ← connect ECONNREFUSED …`. */
export function describeError(error: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = error; messages.length < 5 && e !== undefined; e = e instanceof Error ? e.cause : undefined)
    messages.push(e instanceof Error ? e.message : String(e));
  return messages.join(' ← ');
}

export interface SagaOptions {
  /** Where the checkpoints go (the service passes a view that writes only while it holds the workflow's lease). */
  store: Pick<RequestStore, 'put'>;
  /**
   * Aborted when this driver may no longer drive the workflow (its lease went to another
   * instance, or the service stops): the saga stops before its next step or checkpoint.
   */
  signal?: AbortSignal;
  /** Attempts of a step failing with a transient error before the saga gives up and compensates (default 4). */
  attempts?: number;
  /** Backoff between attempts, ms (default 200, doubling). */
  backoffMs?: number;
  /** What to do once the saga finishes forward (e.g. mark the request scheduled). */
  onSucceeded(record: RequestRecord): void;
  /** What to do once it has compensated (e.g. mark the request rejected). */
  onCompensated(record: RequestRecord): void;
  log?: (line: string) => void;
}

const now = () => new Date().toISOString();

/**
 * Runs (or resumes) the workflow of `record`: each step is marked `running`, done, and marked
 * `succeeded` with its output, and every mark is a checkpoint in the store, so a process killed at
 * any point resumes at the step it was in (which is idempotent) and never redoes a finished one. A
 * step that fails for good (or too often) turns the saga around: the finished steps are undone in
 * reverse order and marked `compensated`.
 *
 * The failpoints around each step (`scheduler.step.before:<step>` once it is marked running,
 * `scheduler.step.after:<step>` once it has happened but is not yet recorded,
 * `scheduler.step.saved:<step>` once it is; `scheduler.undo.before|after:<step>` around an undo)
 * are where the reliability battery kills the scheduler, at every one of them in turn.
 */
export async function driveSaga(initial: RequestRecord, steps: readonly SagaStep[], options: SagaOptions): Promise<RequestRecord> {
  const record = initial;
  const save = async (change: (r: RequestRecord) => void) => {
    options.signal?.throwIfAborted();
    change(record);
    record.operation.updatedAt = now();
    await options.store.put(record);
  };
  const stateOf = (name: StepName) => record.operation.steps.find((s) => s.name === name)!;
  if (record.phase === 'forward') {
    if (record.operation.state === 'accepted') await save((r) => (r.operation.state = 'running'));
    for (const step of steps) {
      if (stateOf(step.name).state === 'succeeded') continue;
      await save(() => (stateOf(step.name).state = 'running'));
      failpoint(`scheduler.step.before:${step.name}`);
      try {
        const output = await attempt(() => step.run(record), options);
        failpoint(`scheduler.step.after:${step.name}`);
        await save((r) => {
          Object.assign(r.data, output);
          stateOf(step.name).state = 'succeeded';
        });
        failpoint(`scheduler.step.saved:${step.name}`);
      } catch (error) {
        if (options.signal?.aborted) throw error;
        const reason = error instanceof StepRejected ? error.message : UNAVAILABLE_REASON;
        options.log?.(`[delivery-scheduler] ${record.request.id}: ${step.name} failed (${describeError(error)}); compensating`);
        await save((r) => {
          stateOf(step.name).state = 'failed';
          r.data.failureReason = `${step.name}: ${reason}`;
          r.phase = 'compensating';
        });
        break;
      }
    }
    if (record.phase === 'forward') {
      await save((r) => {
        r.phase = 'done';
        r.operation.state = 'succeeded';
        options.onSucceeded(r);
      });
      return record;
    }
  }
  if (record.phase === 'compensating') {
    for (const step of [...steps].reverse()) {
      const state = stateOf(step.name);
      // A step that was running when it failed may have half-happened: undo it too (undo is idempotent).
      if (!(state.state === 'succeeded' || state.state === 'failed') || !step.compensate) continue;
      failpoint(`scheduler.undo.before:${step.name}`);
      await attempt(() => step.compensate!(record), { ...options, attempts: options.attempts ?? 8 });
      failpoint(`scheduler.undo.after:${step.name}`);
      await save(() => (state.state = state.state === 'succeeded' ? 'compensated' : state.state));
    }
    await save((r) => {
      r.phase = 'done';
      r.operation.state = 'failed';
      r.operation.failureReason = r.data.failureReason ?? 'the workflow failed';
      options.onCompensated(r);
    });
  }
  return record;
}

async function attempt<V>(work: () => Promise<V>, options: Pick<SagaOptions, 'attempts' | 'backoffMs' | 'signal'>): Promise<V> {
  const attempts = options.attempts ?? 4;
  for (let i = 1; ; i++) {
    options.signal?.throwIfAborted();
    try {
      return await work();
    } catch (error) {
      if (error instanceof StepRejected || i >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, (options.backoffMs ?? 200) * 2 ** (i - 1)));
    }
  }
}
