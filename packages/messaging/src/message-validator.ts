/** A check as generated validators have it: `(value, pointer, errors)`. */
export type GeneratedCheck = (value: unknown, pointer: string, errors: never[] | null) => boolean;

/** How `messageValidator` treats a CloudEvents type none of its checks is for. */
export interface MessageValidatorOptions {
  /**
   * `'by-data'` (default): the data must pass one of the checks (a publisher ahead of this
   * contract); `'reject'`: the message is invalid, so a handler typed by the declared messages
   * never sees another type.
   */
  undeclaredTypes?: 'by-data' | 'reject';
}

/**
 * The payload validator of messages that may be one of several types: the CloudEvents `type`
 * picks the message's check; without a match, the data must pass one of them, or with
 * `undeclaredTypes: 'reject'` the message is invalid.
 */
export function messageValidator(
  checks: Readonly<Record<string, GeneratedCheck>>,
  options: MessageValidatorOptions = {},
): (data: unknown, errors: { pointer: string; message: string }[], type?: string) => boolean {
  const all = Object.values(checks);
  const declared = () => Object.keys(checks).join(', ');
  return (data, errors, type) => {
    const picked = type === undefined || !Object.hasOwn(checks, type) ? undefined : checks[type];
    if (picked) return picked(data, '', errors as never[]);
    if (options.undeclaredTypes === 'reject') {
      errors.push({
        pointer: '',
        message: `type ${type === undefined ? '(none)' : JSON.stringify(type)} is not one of the declared messages (${declared()})`,
      });
      return false;
    }
    if (all.some((check) => check(data, '', null))) return true;
    if (all.length === 1) return all[0]!(data, '', errors as never[]);
    errors.push({ pointer: '', message: `must be one of the messages ${declared()}${type ? ` (unknown type "${type}")` : ''}` });
    return false;
  };
}
