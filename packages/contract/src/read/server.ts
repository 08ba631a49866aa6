import type { Cursor } from './cursor.ts';
import { isObject, text } from './values.ts';

/**
 * The Servers Object of an AsyncAPI 3 document: the servers with a protocol and a host.
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#serverObject
 */
export interface ServerRead<N> {
  name: string;
  protocol: string;
  host: string;
  description?: string;
  bindings?: N;
  at: N;
}

/** Every server under `root.servers` that names a protocol and a host, in document order. */
export function readServers<N extends { value: unknown }>(cursor: Cursor<N>, root: N): ServerRead<N>[] {
  return cursor.entries(cursor.child(root, 'servers')).flatMap(([name, at]) => {
    const s = at.value;
    if (!isObject(s) || typeof s.protocol !== 'string' || typeof s.host !== 'string') return [];
    const server: ServerRead<N> = { name, protocol: s.protocol, host: s.host, at };
    const description = text(s, 'description');
    if (description !== undefined) server.description = description;
    const bindings = cursor.child(at, 'bindings');
    if (bindings) server.bindings = bindings;
    return [server];
  });
}
