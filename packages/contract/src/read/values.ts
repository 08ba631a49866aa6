/** True for a plain object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A value's kind, for messages: `null`, `a number`, `an array`. */
export function valueKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A member that is a string, else `undefined`. */
export function text(value: Record<string, unknown>, key: string): string | undefined {
  const member = value[key];
  return typeof member === 'string' ? member : undefined;
}
