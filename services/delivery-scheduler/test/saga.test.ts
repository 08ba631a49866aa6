import { describe, expect, it } from 'vitest';
import { driveSaga, StepRejected, type SagaStep } from '../src/saga.ts';
import { createMemoryRequestStore, type RequestRecord } from '../src/store.ts';

type Name = SagaStep['name'];
const NAMES: Name[] = ['check-account', 'register-package', 'assign-drone', 'create-delivery'];

function record(states: Partial<Record<Name, RequestRecord['operation']['steps'][number]['state']>> = {}): RequestRecord {
  const at = new Date().toISOString();
  return {
    request: {
      id: 'r1',
      accountId: 'a1',
      status: 'scheduling',
      pickup: { label: 'p', point: { lat: 0, lon: 0 } },
      dropoff: { label: 'd', point: { lat: 0, lon: 0 } },
      pickupWindow: { start: at, end: at },
      package: { size: 'small', weightKg: 1 },
      priority: 'standard',
      deliveryId: null,
      createdAt: at,
      updatedAt: at,
    },
    operation: {
      deliveryRequestId: 'r1',
      operation: 'schedule',
      state: 'running',
      steps: NAMES.map((name) => ({ name, state: states[name] ?? 'pending' })),
      createdAt: at,
      updatedAt: at,
    },
    phase: 'forward',
    data: {},
    idempotencyKey: 'k1',
  };
}

/** Steps that log what they do; `fail` names a step and how it fails. */
function steps(log: string[], fail?: { step: Name; error: () => Error; times?: number }): SagaStep[] {
  const failures = new Map<Name, number>();
  return NAMES.map((name) => ({
    name,
    async run() {
      log.push(`run ${name}`);
      if (fail?.step === name && (failures.get(name) ?? 0) < (fail.times ?? Infinity)) {
        failures.set(name, (failures.get(name) ?? 0) + 1);
        throw fail.error();
      }
      return name === 'register-package' ? { packageId: 'p1' } : {};
    },
    ...(name === 'check-account' ? {} : { compensate: async () => void log.push(`undo ${name}`) }),
  }));
}

const options = (store = createMemoryRequestStore()) => ({
  store,
  backoffMs: 1,
  onSucceeded: (r: RequestRecord) => void (r.request.status = 'scheduled'),
  onCompensated: (r: RequestRecord) => void (r.request.status = 'rejected'),
});

describe('driveSaga', () => {
  it('runs every step in order, checkpointing each, and keeps their outputs', async () => {
    const log: string[] = [];
    const store = createMemoryRequestStore();
    const done = await driveSaga(record(), steps(log), options(store));
    expect(log).toEqual(NAMES.map((n) => `run ${n}`));
    expect(done).toMatchObject({
      phase: 'done',
      data: { packageId: 'p1' },
      request: { status: 'scheduled' },
      operation: { state: 'succeeded' },
    });
    expect((await store.get('r1'))!.operation.steps.every((s) => s.state === 'succeeded')).toBe(true);
  });

  it('resumes at the step it was in, never redoing a finished one', async () => {
    const log: string[] = [];
    await driveSaga(
      record({ 'check-account': 'succeeded', 'register-package': 'succeeded', 'assign-drone': 'running' }),
      steps(log),
      options(),
    );
    expect(log).toEqual(['run assign-drone', 'run create-delivery']);
  });

  it('a step that fails for good undoes the finished ones in reverse order, the failed one too', async () => {
    const log: string[] = [];
    const done = await driveSaga(record(), steps(log, { step: 'create-delivery', error: () => new StepRejected('no') }), options());
    expect(log).toEqual([...NAMES.map((n) => `run ${n}`), 'undo create-delivery', 'undo assign-drone', 'undo register-package']);
    expect(done.operation).toMatchObject({ state: 'failed', failureReason: 'create-delivery: no' });
    expect(done.operation.steps.map((s) => s.state)).toEqual(['succeeded', 'compensated', 'compensated', 'failed']);
    expect(done.request.status).toBe('rejected');
  });

  it('tells the shipper a stable reason when a step keeps failing on an upstream, and logs the detail', async () => {
    const log: string[] = [];
    const lines: string[] = [];
    const refused = () => new Error('getAccount: the request failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:8082') });
    const done = await driveSaga(record(), steps(log, { step: 'check-account', error: refused }), {
      ...options(),
      log: (line: string) => void lines.push(line),
    });
    expect(done.operation).toMatchObject({
      state: 'failed',
      failureReason: 'check-account: a service it needs is unavailable; try again later',
    });
    expect(lines.join('\n')).toContain('connect ECONNREFUSED 127.0.0.1:8082');
  });

  it('retries a transient failure, then goes on', async () => {
    const log: string[] = [];
    const done = await driveSaga(record(), steps(log, { step: 'assign-drone', error: () => new Error('timeout'), times: 2 }), options());
    expect(log.filter((l) => l === 'run assign-drone')).toHaveLength(3);
    expect(done.operation.state).toBe('succeeded');
  });

  it('resumes a compensation that a crash interrupted', async () => {
    const log: string[] = [];
    const interrupted = record({
      'check-account': 'succeeded',
      'register-package': 'succeeded',
      'assign-drone': 'compensated',
      'create-delivery': 'failed',
    });
    interrupted.phase = 'compensating';
    await driveSaga(interrupted, steps(log), options());
    expect(log).toEqual(['undo create-delivery', 'undo register-package']);
  });
});
