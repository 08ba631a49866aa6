/**
 * Channel addresses from AsyncAPI templates (`drone.{droneId}.status`): a concrete address to
 * publish to, and a subscription pattern (`drone.*.status`, or narrowed by some parameters).
 */

/** Why a parameter cannot go into an address: empty, or it would change the address's shape. */
export class AddressError extends Error {
  override readonly name = 'AddressError';
}

const UNSAFE = /[\s.*>]/;

/**
 * The concrete address: every `{name}` replaced by its value. A value that is empty or contains
 * `.`, `*`, `>` or whitespace would address another channel, so it is refused.
 * @example
 * channelAddress('drone.{droneId}.status', { droneId: 'd-1' }); // 'drone.d-1.status'
 */
export function channelAddress(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new AddressError(`${template}: the parameter "${name}" is missing`);
    const text = String(value);
    if (text === '' || UNSAFE.test(text)) throw new AddressError(`${template}: "${name}" = ${JSON.stringify(text)} cannot be part of an address (no empty values, dots, wildcards or spaces)`);
    return text;
  });
}

/**
 * The subscription pattern: given parameters are filled in, the others become `*`.
 * @example
 * channelPattern('delivery.{deliveryId}.events'); // 'delivery.*.events'
 */
export function channelPattern(template: string, params: Readonly<Record<string, string | number | undefined>> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    return value === undefined ? '*' : channelAddress(`{${name}}`, { [name]: value });
  });
}

/** A check as generated validators have it: `(value, pointer, errors)`. */
export type GeneratedCheck = (value: unknown, pointer: string, errors: never[] | null) => boolean;

/**
 * The payload validator of messages that may be one of several types: the CloudEvents `type`
 * picks the message's check; without a match, the data must pass one of them.
 */
export function messageValidator(checks: Readonly<Record<string, GeneratedCheck>>): (data: unknown, errors: { pointer: string; message: string }[], type?: string) => boolean {
  const all = Object.values(checks);
  return (data, errors, type) => {
    const picked = type === undefined ? undefined : checks[type];
    if (picked) return picked(data, '', errors as never[]);
    if (all.some((check) => check(data, '', null))) return true;
    if (all.length === 1) return all[0]!(data, '', errors as never[]);
    errors.push({ pointer: '', message: `must be one of the messages ${Object.keys(checks).join(', ')}${type ? ` (unknown type "${type}")` : ''}` });
    return false;
  };
}
