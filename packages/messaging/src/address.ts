/**
 * The address model (ADR 0008): an AsyncAPI channel address is literal text with `{name}`
 * parameters, exactly as the contract writes it (`drone.{droneId}.status`,
 * `smartylighting/streetlights/1/0/event/{streetlightId}/lighting/measured`, `user-{id}-signup`).
 * A concrete address fills every parameter; a subscription pattern is the template with some
 * parameters filled and the others free, written in the same syntax. A free parameter matches any
 * value a publisher could give it: not empty, none of the reserved characters. Whether a message
 * reaches a subscription is decided on the concrete address alone, whatever the broker.
 */

/** A value cannot go into an address (empty, missing, or it would change the routing), or a template is malformed. */
export class AddressError extends Error {
  override readonly name = 'AddressError';
  constructor(
    message: string,
    /** The channel's address template. */
    readonly channel: string,
    /** The parameter at fault, when one is. */
    readonly parameter?: string,
  ) {
    super(message);
  }
}

/**
 * Characters no parameter value may hold: the separators `/` and `.`, the wildcards of NATS
 * (`*`, `>`), AMQP (`*`, `#`) and MQTT (`+`, `#`), the template braces, spaces and control characters.
 */
export const RESERVED = /[\u0000-\u0020\u007f/.*>#+{}]/;
/** A run of characters a free parameter matches (the complement of `RESERVED`), for regular expressions. */
const VALUE = '[^\\u0000-\\u0020\\u007f/.*>#+{}]+';

/** A part of a template: literal text, or a parameter by name. */
export type AddressPart = string | { readonly param: string };

/** A parsed address template or subscription pattern. */
export interface AddressTemplate {
  /** As written. */
  readonly text: string;
  /** Literal text and parameters, in order (no empty literal). */
  readonly parts: readonly AddressPart[];
  /** The text with parameter names erased (`a.{}.b`): one key for one pattern, whatever its parameters are called. */
  readonly key: string;
  /** Whether a concrete address matches, the contract's semantics (a repeated name takes one value). */
  matches(address: string): boolean;
  /**
   * The parameters' values in a concrete address that matches, by name; `undefined` when it does
   * not match.
   * @example
   * parseAddress('delivery.{deliveryId}.events').params('delivery.42.events'); // { deliveryId: '42' }
   */
  params(address: string): Record<string, string> | undefined;
}

const parsed = new Map<string, AddressTemplate>();

/**
 * Parses a template once (cached): literal text and `{name}` parameters.
 * @throws AddressError on an unbalanced brace.
 * @example
 * parseAddress('user-{id}-signup').parts; // ['user-', { param: 'id' }, '-signup']
 */
export function parseAddress(text: string): AddressTemplate {
  const known = parsed.get(text);
  if (known) return known;
  const parts: AddressPart[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('{', at);
    const close = text.indexOf('}', at);
    if (close !== -1 && (open === -1 || close < open)) throw new AddressError(`${text}: "}" at column ${close + 1} closes nothing`, text);
    if (open === -1) break;
    const end = text.indexOf('}', open);
    const next = text.indexOf('{', open + 1);
    if (end === -1 || (next !== -1 && next < end) || end === open + 1)
      throw new AddressError(`${text}: "{" at column ${open + 1} is not closed${end === open + 1 ? ' by a name' : ''}`, text);
    if (open > at) parts.push(text.slice(at, open));
    parts.push({ param: text.slice(open + 1, end) });
    at = end + 1;
  }
  if (at < text.length) parts.push(text.slice(at));
  const { matches, params } = matcher(parts);
  const template: AddressTemplate = { text, parts, key: parts.map((p) => (typeof p === 'string' ? p : '{}')).join(''), matches, params };
  if (parsed.size < 10_000) parsed.set(text, template);
  return template;
}

/**
 * An exact matcher: literal text as is, a free parameter as a run of allowed characters, a
 * repeated one as the same run; and the reader of the parameters' values.
 */
function matcher(parts: readonly AddressPart[]): Pick<AddressTemplate, 'matches' | 'params'> {
  if (parts.every((p) => typeof p === 'string')) {
    const text = parts.join('');
    return { matches: (address) => address === text, params: (address) => (address === text ? {} : undefined) };
  }
  const groups = new Map<string, number>();
  const source = parts.map((p) => {
    if (typeof p === 'string') return p.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    const group = groups.get(p.param);
    if (group !== undefined) return `\\${group}`;
    groups.set(p.param, groups.size + 1);
    return `(${VALUE})`;
  });
  const regex = new RegExp(`^${source.join('')}$`);
  return {
    matches: (address) => regex.test(address),
    params: (address) => {
      const match = regex.exec(address);
      return match ? Object.fromEntries([...groups].map(([name, group]) => [name, match[group]!])) : undefined;
    },
  };
}

/** The value as it goes into an address, or `AddressError` naming the parameter and the channel. */
function checked(template: string, name: string, value: string | number | undefined): string {
  if (value === undefined) throw new AddressError(`${template}: the parameter "${name}" is missing`, template, name);
  const text = String(value);
  if (text === '') throw new AddressError(`${template}: the parameter "${name}" is empty`, template, name);
  const bad = RESERVED.exec(text);
  if (bad)
    throw new AddressError(
      `${template}: the parameter "${name}" = ${JSON.stringify(text)} holds ${JSON.stringify(bad[0])}, which would change the routing (a value cannot hold / . * > # + { }, spaces or control characters)`,
      template,
      name,
    );
  return text;
}

/**
 * The concrete address: every `{name}` replaced by its value.
 * @throws AddressError naming the parameter and the channel when a value is missing, empty or holds a reserved character.
 * @example
 * channelAddress('drone.{droneId}.status', { droneId: 'd-1' }); // 'drone.d-1.status'
 */
export function channelAddress(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  let address = '';
  for (const part of parseAddress(template).parts)
    address += typeof part === 'string' ? part : checked(template, part.param, params[part.param]);
  return address;
}

/**
 * The subscription pattern: the template with the given parameters filled in, the others left
 * free (`{name}`); transports take it as it is.
 * @example
 * channelPattern('delivery.{deliveryId}.events'); // 'delivery.{deliveryId}.events'
 * channelPattern('drone.{droneId}.status', { droneId: 'd-1' }); // 'drone.d-1.status'
 */
export function channelPattern(template: string, params: Readonly<Record<string, string | number | undefined>> = {}): string {
  let pattern = '';
  for (const part of parseAddress(template).parts) {
    if (typeof part === 'string') pattern += part;
    else pattern += params[part.param] === undefined ? `{${part.param}}` : checked(template, part.param, params[part.param]);
  }
  return pattern;
}

/** A publish address must be concrete: no `{` or `}` (a parameter left unfilled). */
export function assertConcrete(address: string): void {
  if (address.includes('{') || address.includes('}'))
    throw new AddressError(`${address}: not a concrete address (a parameter is left unfilled; use channelAddress)`, address);
}
