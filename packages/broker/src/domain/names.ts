import { BrokerError } from '../problem.ts';

/** The longest name, version number, branch or tag the broker stores. */
export const MAX_NAME_LENGTH = 255;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks a name that goes into the store and into URLs: a non-empty string of at most 255
 * characters with no control characters. Pacticipant and environment names are path segments the
 * official CLI inserts without encoding, so they also may not hold `/` or `\` or be `.`/`..`;
 * version numbers, branches and tags may (`feat/x`). Answers the name, or throws a 400 naming `field`.
 */
export function checkName(value: unknown, field: string, kind: 'pacticipant' | 'label' = 'pacticipant'): string {
  const refuse = (message: string): never => {
    throw new BrokerError(400, `${field} ${message}`, { [field]: [message] });
  };
  if (typeof value !== 'string' || value.trim() === '') return refuse('must be a non-empty string');
  if (value.length > MAX_NAME_LENGTH) return refuse(`must be at most ${MAX_NAME_LENGTH} characters`);
  if (CONTROL.test(value)) return refuse('must not contain control characters');
  if (kind === 'pacticipant' && (/[/\\]/.test(value) || value === '.' || value === '..'))
    return refuse("must not contain '/' or '\\' or be '.' or '..'");
  return value;
}

/** An optional string field (buildUrl, repositoryUrl, …): absent or null is undefined, anything else a string of sane size. */
export function optionalString(value: unknown, field: string, max = 2048): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > max || CONTROL.test(value))
    throw new BrokerError(400, `${field} must be a string of at most ${max} characters`, {
      [field]: [`must be a string of at most ${max} characters, without control characters`],
    });
  return value;
}

/** A generated display name, as the Pact Broker makes one: "web-app" → "Web App", "test" → "Test". */
export function displayNameFor(name: string): string {
  return name
    .split(/[-_\s]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
