import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMessaging, MemoryTransport, type Messaging } from '@apilife/messaging';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { generateInto } from './generated-project.ts';

/**
 * Deprecation in AsyncAPI contracts reaches the generated publishers and subscribers: a deprecated
 * message, operation or whole API makes them warn once per message (`MessagingOptions.warn`), as
 * generated HTTP clients warn once per deprecated operation. The `messaging-deprecation` fixture,
 * generated and run over the in-memory transport.
 */

const FIXTURE = join(import.meta.dirname, '../src/__fixtures__/messaging-deprecation');
type Fn = (...args: unknown[]) => Promise<unknown>;
type Module = {
  createMessaging: (m: Messaging, prefix?: string) => Record<string, Fn>;
  createPeer: (m: Messaging, prefix?: string) => Record<string, Fn>;
};

const removals: (() => void)[] = [];
const open: Messaging[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.close()));
});
afterAll(() => removals.forEach((remove) => remove()));

async function generated(contract: string, root: string): Promise<Module> {
  const { load, remove } = await generateInto(contract, ['types', 'validators', 'messaging'], { root, name: 'msg-deprecation' });
  removals.push(remove);
  return (await load('messaging.gen.ts')) as unknown as Module;
}
/** A publishing service and a subscribing one on one in-memory bus, each with its own warnings. */
function services(module: Module) {
  const transport = new MemoryTransport();
  const side = (name: string) => {
    const warnings: string[] = [];
    const messaging = createMessaging({ transport, source: `/${name}`, warn: (line) => void warnings.push(line) });
    open.push(messaging);
    return { warnings, owner: module.createMessaging(messaging), peer: module.createPeer(messaging) };
  };
  return { drones: side('drones'), tracking: side('tracking') };
}
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('a deprecated message or operation', () => {
  it('warns the publisher once and the subscriber once, naming the message, the sunset and the successor', async () => {
    const { drones, tracking } = services(await generated(join(FIXTURE, 'asyncapi.yaml'), FIXTURE));
    const received: unknown[] = [];
    await tracking.peer['publishStatusV1']!(() => void received.push(1), { group: 'tracking' });
    await tracking.peer['publishPosition']!(() => void received.push(2), { group: 'tracking' });
    await tracking.peer['publishStatus']!(() => void received.push(3), { group: 'tracking' });
    for (let i = 0; i < 3; i++) {
      await drones.owner['publishStatusV1']!({ droneId: 'd-1' }, { droneId: 'd-1', state: 'flying' });
      await drones.owner['publishPosition']!({}, { droneId: 'd-1', lat: 1, lon: 2 });
      await drones.owner['publishStatus']!({ droneId: 'd-1' }, { droneId: 'd-1', state: 'flying' });
    }
    await until(() => received.length === 9);
    const lines = [
      'message StatusChangedV1 is deprecated since 2026-01-15T00:00:00.000Z; sunset 2027-06-30T00:00:00.000Z; successor StatusChanged',
      'message PositionReported is deprecated since 2026-02-01T00:00:00.000Z; sunset 2027-03-31T00:00:00.000Z; successor publishStatus',
    ];
    expect(received).toHaveLength(9);
    expect(drones.warnings).toEqual(lines);
    expect(tracking.warnings).toEqual(lines);
  });
});

describe('a deprecated AsyncAPI document (info.x-lifecycle)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apilife-msg-deprecated-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("every message warns, with the API's sunset and successor where it has none earlier of its own", async () => {
    const contract = join(dir, 'asyncapi.yaml');
    const text = readFileSync(join(FIXTURE, 'asyncapi.yaml'), 'utf8').replace(
      'info: { title: Fixture drones, version: 1.2.0 }',
      "info: { title: Fixture drones, version: 1.3.0, x-lifecycle: { stage: deprecated, deprecated: '2026-05-01', sunset: '2027-04-30', successor: drones-v2/asyncapi.yaml } }",
    );
    writeFileSync(contract, text);
    const { drones } = services(await generated(contract, dir));
    await drones.owner['publishStatus']!({ droneId: 'd-1' }, { droneId: 'd-1', state: 'flying' });
    await drones.owner['publishStatus']!({ droneId: 'd-1' }, { droneId: 'd-1', state: 'landed' });
    await drones.owner['publishStatusV1']!({ droneId: 'd-1' }, { droneId: 'd-1' });
    expect(drones.warnings).toEqual([
      'message StatusChanged is deprecated since 2026-05-01T00:00:00.000Z; sunset 2027-04-30T00:00:00.000Z; successor drones-v2/asyncapi.yaml',
      'message StatusChangedV1 is deprecated since 2026-01-15T00:00:00.000Z; sunset 2027-04-30T00:00:00.000Z; successor StatusChanged',
    ]);
  });
});
