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

/**
 * An OpenAPI Server Object: its URL template, description and the default of each variable.
 * @see https://spec.openapis.org/oas/v3.1.0#server-object
 * @see https://spec.openapis.org/oas/v3.1.0#server-variable-object
 */
export interface HttpServerRead<N> {
  url: string;
  description?: string;
  /** Variable → its `default` (`undefined` when it has none). */
  defaults: Map<string, string | undefined>;
  at: N;
}

/** Every server under `root.servers` (an OpenAPI list) that has a URL, in order. */
export function readHttpServers<N extends { value: unknown }>(cursor: Cursor<N>, root: N): HttpServerRead<N>[] {
  return cursor.items(cursor.child(root, 'servers')).flatMap((at) => {
    const s = at.value;
    if (!isObject(s) || typeof s.url !== 'string') return [];
    const defaults = new Map(
      cursor
        .entries(cursor.child(at, 'variables'))
        .map(([name, variable]) => [name, isObject(variable.value) ? text(variable.value, 'default') : undefined]),
    );
    const server: HttpServerRead<N> = { url: s.url, defaults, at };
    const description = text(s, 'description');
    if (description !== undefined) server.description = description;
    return [server];
  });
}
