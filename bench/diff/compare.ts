/**
 * Does apilife find every breaking change optic finds? Both reports are brought to (operation, kind):
 * the operation as `METHOD /path` with path parameters unnamed (`{}`), the kind as optic's rule and
 * the apilife checks that report the same thing. An optic finding counts as found when apilife
 * reports, on the same operation, a breaking change of one of those checks, or the removal of the
 * operation, response, media type or body it lies in (optic then also reports each part of what
 * was removed: every property of a removed response, for one); for optic's union rules (a summary
 * of what changed in the alternatives), a breaking change inside the union it points at.
 *
 * The rest is sorted by what apilife says instead, each shown with apilife's own words:
 * - `notBreaking`: the finding lies inside a request property the new version added as optional;
 *   optic calls a required field of a new optional object a new required request property, but no
 *   existing client sends that object;
 * - `retired`: the operation was deprecated before it was removed (and its sunset, if it had one,
 *   has passed): apilife reports the planned retirement (info `operation-removed-after-sunset`);
 *   removing one that was not deprecated, or before its sunset, is breaking;
 * - `lowerLevel`: apilife reports the same change as a warning or info (an optional response
 *   property removed: clients must already cope with its absence; an error status no longer
 *   declared, and what lay in it; a shape that became alternatives of which it is one, in a request);
 * - `misses`: nothing of the kind.
 */

/** A breaking change optic reported (a failed, not exempted check of error severity). */
export interface OpticFinding {
  operation: string;
  rule: string;
  message: string;
  /** Where, as a JSON pointer into the old or the new document. */
  pointer: string;
}

/** One entry of `apilife diff --format json`'s `changes`. */
export interface ApilifeChange {
  id: string;
  level: 'breaking' | 'warning' | 'info';
  subject: string;
  message: string;
  old?: { pointer: string };
  new?: { pointer: string };
}

/** An (operation, kind) optic reports as breaking and apilife does not report as breaking. */
export interface Miss {
  operation: string;
  rule: string;
  /** Optic's first message for it, and how many findings it stands for. */
  message: string;
  findings: number;
  /** What apilife reports on that operation: of the same kind at another level, or anything at a place enclosing optic's (up to 3). */
  apilife: string[];
}

/** Optic's breaking (operation, kind) pairs: how many apilife reports as breaking, and the others by what apilife says instead. */
export interface Coverage {
  pairs: number;
  covered: number;
  notBreaking: Miss[];
  retired: Miss[];
  lowerLevel: Miss[];
  misses: Miss[];
}

/** The groups of `Coverage` that are not found as breaking, in the order the bench prints them. */
export const APART = ['notBreaking', 'retired', 'lowerLevel', 'misses'] as const;

const REMOVED = ['operation-removed-without-deprecation', 'operation-removed-before-sunset', 'operation-removed-after-sunset'];
const UNION_RULES = ['prevent narrowing in response union types', 'prevent expanded in request union types'];
/** Removals: what optic says about the parts of what was removed is covered by them. */
const REMOVALS = [
  ...REMOVED,
  'response-status-removed',
  'response-media-type-removed',
  'request-media-type-removed',
  'request-body-removed',
];
/** Removals apilife reports below breaking (an error status no longer declared: a warning); what optic says about its parts is that, at a lower level. */
const LOWER_REMOVALS = ['response-error-status-removed'];
const PARAMETER_IN = ['query', 'path', 'header', 'cookie'];

/** For each rule of optic's breaking-changes ruleset (1.0.9), the apilife checks (any level) that report the same change. */
const COUNTERPARTS: Record<string, readonly string[]> = {
  'prevent operation removal': REMOVED,
  'prevent response status code removal': ['response-status-removed', 'response-error-status-removed'],
  'prevent removing response property': ['response-property-removed', 'response-optional-property-removed'],
  'prevent making response property optional': ['response-property-became-optional'],
  'prevent response property type changes': [
    'response-type-changed',
    'response-type-widened',
    'response-became-nullable',
    'response-variant-added',
  ],
  'prevent narrowing in response union types': ['response-variant-added', 'response-type-changed', 'response-type-widened'],
  'prevent changing request property to required': ['request-property-became-required', 'request-property-added-required'],
  'prevent request property type changes': [
    'request-type-changed',
    'request-type-narrowed',
    'request-became-not-nullable',
    'request-variant-added',
  ],
  'prevent expanded in request union types': ['request-variant-removed', 'request-type-changed', 'request-type-narrowed'],
  'request and response property enums': ['request-enum-value-removed', 'response-enum-value-added'],
  ...Object.fromEntries(
    PARAMETER_IN.flatMap((where) => [
      [`prevent ${where} parameters enum breaking changes`, ['request-enum-value-removed']],
      [`prevent ${where} parameters type changes`, ['request-type-changed', 'request-type-narrowed', 'request-became-not-nullable']],
      [`prevent new required ${where} parameters`, ['request-parameter-added-required']],
      [`prevent requiring existing ${where} parameters`, ['request-parameter-became-required']],
    ]),
  ),
};

/**
 * `GET /repos/{owner}/{repo}` → `GET /repos/{}/{}`; text that names no operation stays as it is.
 * @example
 * operationOf('get /repos/{owner}/{repo} response 200'); // 'GET /repos/{}/{}'
 */
export function operationOf(text: string): string {
  const match = /^(get|put|post|delete|options|head|patch|trace) (\S+)/i.exec(text);
  return match ? `${match[1]!.toUpperCase()} ${match[2]!.replace(/\{[^}]*\}/g, '{}')}` : text;
}

/** Which of optic's breaking (operation, kind) pairs apilife reports as breaking, and what it says about the others. */
export function coverage(optic: OpticFinding[], apilife: ApilifeChange[]): Coverage {
  const byOperation = groupBy(apilife, (c) => operationOf(c.subject));
  const pairs = groupBy(optic, (f) => `${f.operation}\n${f.rule}`);
  const result: Coverage = { pairs: pairs.size, covered: 0, notBreaking: [], retired: [], lowerLevel: [], misses: [] };
  for (const findings of pairs.values()) {
    const { operation, rule, message } = findings[0]!;
    const kinds = COUNTERPARTS[rule] ?? [];
    const changes = byOperation.get(operation) ?? [];
    const within = (c: ApilifeChange, f: OpticFinding) => encloses(f.pointer, c.new?.pointer ?? c.old?.pointer ?? '');
    const found = changes.some(
      (c) =>
        c.level === 'breaking' &&
        (kinds.includes(c.id) ||
          REMOVED.includes(c.id) ||
          (REMOVALS.includes(c.id) && findings.some((f) => encloses(c.old?.pointer, f.pointer))) ||
          (UNION_RULES.includes(rule) && findings.some((f) => within(c, f)))),
    );
    if (found) {
      result.covered++;
      continue;
    }
    const sameKind = changes.filter(
      (c) => kinds.includes(c.id) || (LOWER_REMOVALS.includes(c.id) && findings.some((f) => encloses(c.old?.pointer, f.pointer))),
    );
    const enclosing = changes.filter(
      (c) => !kinds.includes(c.id) && findings.some((f) => encloses(c.old?.pointer, f.pointer) || encloses(c.new?.pointer, f.pointer)),
    );
    const apilifeSays = [...sameKind.map((c) => `${c.level} ${c.id}`), ...enclosing.slice(0, 3).map(describeEnclosing)];
    const miss: Miss = { operation, rule, message, findings: findings.length, apilife: [...new Set(apilifeSays)] };
    const added = changes
      .filter((c) => c.id === 'request-property-added-optional')
      .map(addedPropertyPointer)
      .filter((p): p is string => p !== undefined);
    if (findings.every((f) => added.some((pointer) => encloses(pointer, f.pointer)))) result.notBreaking.push(miss);
    else if (changes.some((c) => c.id === 'operation-removed-after-sunset')) result.retired.push(miss);
    else if (sameKind.length > 0) result.lowerLevel.push(miss);
    else result.misses.push(miss);
  }
  return result;
}

/** Where the property a `request-property-added-optional` change added sits: `<object>/properties/<name>`. */
function addedPropertyPointer(c: ApilifeChange): string | undefined {
  const name = /^property (.+) was added/.exec(c.message)?.[1];
  return name === undefined || c.new === undefined
    ? undefined
    : `${c.new.pointer}/properties/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** An apilife change at a place enclosing optic's: what and where, below the operation. */
function describeEnclosing(c: ApilifeChange): string {
  const where = (c.new?.pointer ?? c.old?.pointer ?? '').replace(/^\/paths\/[^/]+\/[a-z]+/, '…');
  return `${c.level} ${c.id} (${c.message.replace(/ at \/\S*$/, '')}) at ${where}`;
}

/** Whether the JSON pointer `outer` is `inner` or one of its ancestors. */
function encloses(outer: string | undefined, inner: string): boolean {
  return outer !== undefined && (inner === outer || inner.startsWith(`${outer}/`));
}

/** `Map.groupBy`, which Node 20 lacks. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
