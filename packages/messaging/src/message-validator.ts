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
