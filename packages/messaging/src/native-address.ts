import { createHash } from 'node:crypto';
import { assertConcrete, parseAddress, type AddressTemplate } from './address.ts';

/**
 * Addresses in a broker's native form (ADR 0008). An address's segments (split at `/` and `.`)
 * become the broker's tokens (NATS subject tokens, AMQP routing-key words, MQTT topic levels), so a
 * contract written in the broker's own style maps to itself (`drone.d-1.status` on NATS,
 * `lights/7/measured` on MQTT). The other separator leaves a mark at the end of the token before it
 * (`lights/.7/.measured` on NATS; `drone./d-1./status` on MQTT), and characters a broker treats
 * specially are written `%XX`: the mapping is one-to-one, so two addresses never share a subject.
 * A pattern's free parameter becomes the broker's one-token wildcard; where that is broader than
 * the contract (a parameter inside a segment, a mark it cannot express), the consumer filters
 * exactly on the decoded address.
 */

/** How a broker writes addresses: its separator, its one-token wildcard, how an empty segment is written. */
export interface NativeForm {
  readonly separator: '.' | '/';
  readonly wildcard: string;
  readonly empty: string;
}

/** NATS subjects and AMQP routing keys (empty tokens are not allowed: `%`). */
export const DOT_FORM: NativeForm = { separator: '.', wildcard: '*', empty: '%' };
/** MQTT topics (empty levels are allowed). */
export const SLASH_FORM: NativeForm = { separator: '/', wildcard: '+', empty: '' };

/** Characters written as `%XX` inside a token: separators, every broker's wildcards, braces, `%`, `$`, spaces, controls. */
const ESCAPED = /[\u0000-\u0020\u007f/.*>#+{}%$]/g;
const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/** Encoding and decoding of addresses, and filters of patterns, in one native form. */
export interface NativeCodec {
  /** The native name (subject, routing key, topic) of a concrete address. */
  encode(address: string): string;
  /** The address a native name stands for; `undefined` when the name is not one `encode` could write. */
  decode(native: string): string | undefined;
  /** The broker's filter of a pattern: it takes every address the pattern matches; `exact` when nothing more. */
  filter(pattern: AddressTemplate): { filter: string; exact: boolean };
}

/**
 * The codec of a native form. `encode` and `decode` take one regular-expression test on the
 * common path (addresses already in the broker's style); filters are computed once per consumer.
 * @example
 * nativeCodec(DOT_FORM).encode('lights/7/measured'); // 'lights/.7/.measured'
 */
export function nativeCodec(form: NativeForm): NativeCodec {
  const sep = form.separator;
  const foreign = sep === '.' ? '/' : '.';
  const plainChar = '[^\\u0000-\\u0020\\u007f/.*>#+{}%$]';
  // Already native: for `.`, non-empty segments joined by `.`; for `/`, any segments joined by `/`.
  const native = sep === '.' ? new RegExp(`^${plainChar}+(?:\\.${plainChar}+)*$`) : new RegExp(`^${plainChar}*(?:/${plainChar}*)*$`);
  const token = (segment: string, mark: boolean) => (segment === '' ? form.empty : segment.replace(ESCAPED, hex)) + (mark ? foreign : '');

  return {
    encode(address) {
      if (native.test(address)) return address;
      assertConcrete(address);
      const tokens: string[] = [];
      let start = 0;
      for (let i = 0; i <= address.length; i++) {
        const c = address[i];
        if (c !== undefined && c !== '/' && c !== '.') continue;
        tokens.push(token(address.slice(start, i), c === foreign));
        start = i + 1;
      }
      return tokens.join(sep);
    },
    decode(name) {
      if (!name.includes('%') && !name.includes(foreign)) return name;
      const tokens = name.split(sep);
      let address = '';
      for (let i = 0; i < tokens.length; i++) {
        let body = tokens[i]!;
        const marked = body.endsWith(foreign);
        if (marked) body = body.slice(0, -1);
        if (body.includes(foreign) || (marked && i === tokens.length - 1)) return undefined;
        const segment = body === form.empty ? '' : unescapeSegment(body);
        if (segment === undefined) return undefined;
        address += segment + (i === tokens.length - 1 ? '' : marked ? foreign : sep);
      }
      return address;
    },
    filter(pattern) {
      const tokens: string[] = [];
      let literal = '';
      let wild = false;
      const end = (mark: boolean) => {
        tokens.push(wild ? form.wildcard : token(literal, mark));
        literal = '';
        wild = false;
      };
      for (const part of pattern.parts) {
        if (typeof part !== 'string') {
          wild = true;
          continue;
        }
        for (const c of part) {
          if (c === '/' || c === '.') end(c === foreign);
          else literal += c;
        }
      }
      end(false);
      return { filter: tokens.join(sep), exact: pattern.parts.every((p) => typeof p === 'string') };
    },
  };
}

const DOTS = nativeCodec(DOT_FORM);

/** `%XX` back to characters; `undefined` for a `%` that is not followed by two hex digits. */
function unescapeSegment(body: string): string | undefined {
  if (!body.includes('%')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '%') {
      out += body[i];
      continue;
    }
    const code = /^[0-9A-F]{2}$/.test(body.slice(i + 1, i + 3)) ? Number.parseInt(body.slice(i + 1, i + 3), 16) : Number.NaN;
    if (Number.isNaN(code)) return undefined;
    out += String.fromCharCode(code);
    i += 2;
  }
  return out;
}

/**
 * A name for a group's broker objects (JetStream consumer, queue, stream, shared subscription,
 * session): readable (the pattern in the `.` form, the group) and unique: a hash of the exact
 * pattern (its parameters' names aside), the group and a `scope` (a prefix the broker does not
 * separate), so two groups never share one. `token` is the name in `[A-Za-z0-9_-]`, at most 63 characters.
 */
export function groupName(pattern: string, group: string, scope = ''): { readable: string; hash: string; token: string } {
  const template = parseAddress(pattern);
  const readable = DOTS.filter(template).filter;
  const hash = createHash('sha256').update(`${scope}\u0000${template.key}\u0000${group}`).digest('hex').slice(0, 10);
  const token = `${`${readable}-${group}`
    .replace(/\*/g, 'star')
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .slice(0, 52)}_${hash}`;
  return { readable, hash, token };
}

/** What a consumer of a pattern subscribes to on the broker, and how it reads what arrives. */
export interface ConsumerRoute {
  /** The broker's filter (without the transport's prefix). */
  filter: string;
  /** The address of a delivery by its native name, or `undefined` when it is not the consumer's (acknowledge and drop it). */
  accept(native: string): string | undefined;
}

/**
 * The route of a consumer, computed once: the broker's filter and, where that filter is broader
 * than the pattern, the exact test on the decoded address (a regular expression per delivery).
 * @example
 * consumerRoute('user-{id}-signup', nativeCodec(DOT_FORM)).filter; // '*'
 */
export function consumerRoute(pattern: string, codec: NativeCodec): ConsumerRoute {
  const template = parseAddress(pattern);
  const { filter, exact } = codec.filter(template);
  if (exact) return { filter, accept: (native) => codec.decode(native) ?? native };
  return {
    filter,
    accept(native) {
      const address = codec.decode(native);
      return address !== undefined && template.matches(address) ? address : undefined;
    },
  };
}
