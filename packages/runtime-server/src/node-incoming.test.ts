import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { incomingOf, readIncoming, requestHeader, type IncomingLike } from './node-incoming.ts';
import { HttpProblem } from './problem.ts';

/** A stand-in for Node's IncomingMessage: an emitter with headers. */
function fakeIncoming(headers: IncomingLike['headers'] = {}) {
  const emitter = new EventEmitter() as EventEmitter & IncomingLike & { paused: boolean };
  return Object.assign(emitter, {
    headers,
    httpVersionMajor: 1,
    readableDidRead: false,
    paused: false,
    pause() {
      emitter.paused = true;
      return emitter;
    },
  });
}

async function statusOf(promise: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof HttpProblem) return error.problem.status;
    throw error;
  }
}

describe('readIncoming', () => {
  it('collects the chunks until the end', async () => {
    const incoming = fakeIncoming();
    const read = readIncoming(incoming, 10, 1000);
    incoming.emit('data', Buffer.from('{"a"'));
    incoming.emit('data', Buffer.from(':1}'));
    incoming.emit('end');
    expect((await read).toString()).toBe('{"a":1}');
  });
  it('413 as soon as the limit is passed, pausing the stream', async () => {
    const incoming = fakeIncoming();
    const read = readIncoming(incoming, 4, 1000);
    incoming.emit('data', Buffer.from('12345'));
    expect([await statusOf(read), incoming.paused]).toEqual([413, true]);
  });
  it('400 when the stream fails (client gone), 408 when too slow', async () => {
    const failing = fakeIncoming();
    const read = readIncoming(failing, 10, 1000);
    failing.emit('error', new Error('aborted'));
    expect(await statusOf(read)).toBe(400);
    expect(await statusOf(readIncoming(fakeIncoming(), 10, 20))).toBe(408);
  });
  it('ignores events after it settled', async () => {
    const incoming = fakeIncoming();
    const read = readIncoming(incoming, 10, 1000);
    incoming.emit('end');
    incoming.emit('data', Buffer.from('late'));
    incoming.emit('error', new Error('late'));
    expect((await read).length).toBe(0);
  });
});

describe('incomingOf and requestHeader', () => {
  const context = (env: unknown) => ({ env, req: { raw: new Request('http://x/', { headers: { accept: 'text/plain' } }) } }) as never;
  it('read Node’s parsed headers when there is a Node request, the Request otherwise', () => {
    const incoming = fakeIncoming({ accept: 'application/json', 'x-many': ['a', 'b'] });
    expect(incomingOf(context({ incoming }))).toBe(incoming);
    expect([
      requestHeader(context({ incoming }), 'accept'),
      requestHeader(context({ incoming }), 'x-many'),
      requestHeader(context({ incoming }), 'nope'),
    ]).toEqual(['application/json', 'a, b', undefined]);
    expect([incomingOf(context(undefined)), requestHeader(context(undefined), 'accept')]).toEqual([undefined, 'text/plain']);
  });
});
