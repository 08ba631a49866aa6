import { isObject, type ApiModel, type ContractDocument, type Located, type Operation, type RefResolver } from '@apilife/contract';
import { defineRule, showPath, type RuleContext } from './define-rule.ts';
import { locationKey, rawChild, walkSchemas } from './schema-walk.ts';

/** True for an RFC 3339 full-date that exists on the calendar: `2027-06-30`, not `2027-02-30`. */
export function isFullDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The operation a successor names: `operationId` in the same document, or `service:operationId` in another. */
export function findSuccessor(model: ApiModel, document: ContractDocument, successor: string): Operation | undefined {
  const colon = successor.indexOf(':');
  if (colon === -1) return document.operations.find((o) => o.operationId === successor);
  const service = successor.slice(0, colon);
  const id = successor.slice(colon + 1);
  for (const other of model.documents) {
    if (other.service !== service) continue;
    const found = other.operations.find((o) => o.operationId === id);
    if (found) return found;
  }
  return undefined;
}

/**
 * A deprecated operation (`deprecated: true`, or `x-lifecycle.stage` deprecated or retired) says
 * when it goes (`x-lifecycle.sunset`, a full date) and what replaces it (`x-lifecycle.successor`,
 * an operation that exists and is not retired), so clients get a `Sunset` header and a way out
 * they can follow (`checkSuccessorQuery`).
 */
export default defineRule({
  id: 'deprecation-metadata',
  description:
    'A deprecated operation has `x-lifecycle.sunset` (YYYY-MM-DD), a `x-lifecycle.successor` that exists and is not retired, a successor link that can be followed (`x-lifecycle.successorQuery` gives the query parameters the request cannot carry), and, when given, a `x-lifecycle.deprecated` date before the sunset. The `x-lifecycle` of a parameter or property goes with `deprecated: true` and its sunset is a full date; `x-lifecycle.deprecatedValues` names values of the enum beside it.',
  severity: 'error',
  ruleset: 'recommended',
  formats: ['openapi', 'asyncapi'],
  docs: {
    why: "A deprecation is only useful when consumers know when the operation goes away and what to use instead. `apilife lifecycle` and the generated clients' deprecation warnings read the sunset and the successor from `x-lifecycle`.",
    failing: '/v1/status:\n  get:\n    operationId: getStatusV1\n    deprecated: true',
    passing:
      '/v1/status:\n  get:\n    operationId: getStatusV1\n    deprecated: true\n    x-lifecycle:\n      stage: deprecated\n      sunset: 2027-06-30\n      successor: getStatus',
  },
  check({ document, model, resolver, report }) {
    checkParts(document, resolver, report);
    for (const operation of document.operations) {
      const lifecycle = operation.lifecycle;
      if (!operation.deprecated) continue;
      const name = operation.operationId ?? `${operation.method.toUpperCase()} ${operation.route}`;
      if (!lifecycle) {
        report({
          message: `${name} is deprecated but has no \`x-lifecycle\`: add \`sunset\` (YYYY-MM-DD) and \`successor\` (the operationId to use instead)`,
          at: operation.at,
        });
        continue;
      }
      const raw = lifecycle.raw;
      const sunsetAt: Located | undefined = rawChild(raw, 'sunset');
      if (!sunsetAt)
        report({
          message: `${name} is deprecated but \`x-lifecycle\` has no \`sunset\`: add the day (YYYY-MM-DD) it stops being served and may be removed`,
          at: raw,
        });
      else if (lifecycle.sunset === undefined || !isFullDate(lifecycle.sunset)) {
        report({
          message: `\`x-lifecycle.sunset\` of ${name} is "${String(sunsetAt.value)}", not a full date (YYYY-MM-DD, RFC 3339)`,
          at: sunsetAt,
        });
      }
      // `deprecated` (optional): the day it was deprecated, sent as the RFC 9745 `Deprecation` header.
      const deprecatedAt: Located | undefined = rawChild(raw, 'deprecated');
      if (deprecatedAt) {
        const day = deprecatedAt.value instanceof Date ? deprecatedAt.value.toISOString().slice(0, 10) : String(deprecatedAt.value);
        if (!isFullDate(day))
          report({
            message: `\`x-lifecycle.deprecated\` of ${name} is "${day}", not a full date (YYYY-MM-DD, RFC 3339)`,
            at: deprecatedAt,
          });
        else if (lifecycle.sunset !== undefined && isFullDate(lifecycle.sunset) && day > lifecycle.sunset) {
          report({
            message: `\`x-lifecycle.deprecated\` of ${name} (${day}) is after its sunset (${lifecycle.sunset}): an operation is deprecated before it goes`,
            at: deprecatedAt,
          });
        }
      }
      const successorAt = rawChild(raw, 'successor');
      const successor = lifecycle.successor?.trim();
      if (!successorAt || !successor) {
        report({
          message: `${name} is deprecated but \`x-lifecycle\` has no \`successor\`: name the operationId to use instead (\`service:operationId\` for another service)`,
          at: successorAt ?? raw,
        });
        continue;
      }
      const target = findSuccessor(model, document, successor);
      if (!target) {
        const where = successor.includes(':') ? `service "${successor.split(':')[0]}"` : 'this document';
        report({
          message: `successor "${successor}" of ${name} is not an operation of ${where}: name an existing operationId (\`service:operationId\` for another service)`,
          at: successorAt,
        });
      } else if (target === operation) {
        report({ message: `successor of ${name} is the operation itself: name the operation that replaces it`, at: successorAt });
      } else if (target.lifecycle?.stage === 'retired') {
        report({
          message: `successor "${successor}" of ${name} is itself retired: name the operation that replaces it now`,
          at: successorAt,
        });
      } else if (operation.protocol === 'http' && !successor.includes(':')) {
        checkSuccessorQuery(operation, target, name, raw, report);
      }
    }
  },
});

/**
 * The generated server links a deprecated HTTP operation to its successor in the same document
 * (`Link: rel="successor-version"`, and the 410 of a retired one), and that link must be
 * followable: every required query parameter of the successor comes from the request (the
 * operation requires it too) or from `x-lifecycle.successorQuery`, which names query parameters
 * of the successor only, each with one value.
 */
function checkSuccessorQuery(
  operation: Operation,
  target: Operation,
  name: string,
  raw: Located<Record<string, unknown>>,
  report: RuleContext['report'],
): void {
  const queryAt = rawChild(raw, 'successorQuery');
  const given = queryAt && isObject(queryAt.value) ? queryAt.value : {};
  if (queryAt && !isObject(queryAt.value))
    report({ message: `\`x-lifecycle.successorQuery\` of ${name} must map query parameters of its successor to values`, at: queryAt });
  const successorQuery = target.parameters.filter((p) => p.in === 'query');
  for (const [key, value] of Object.entries(given)) {
    const at = rawChild(queryAt!, key)!;
    if (!successorQuery.some((p) => p.name === key))
      report({
        message: `\`x-lifecycle.successorQuery\` of ${name} names "${key}", which is not a query parameter of ${target.operationId ?? 'its successor'}`,
        at,
      });
    else if (!isScalar(value))
      report({ message: `\`x-lifecycle.successorQuery.${key}\` of ${name} must be one value (a string, number or boolean)`, at });
  }
  for (const parameter of successorQuery) {
    if (!parameter.required || Object.hasOwn(given, parameter.name)) continue;
    if (operation.parameters.some((p) => p.in === 'query' && p.name === parameter.name && p.required)) continue;
    report({
      message: `the successor link of ${name} cannot be followed: ${target.operationId ?? 'its successor'} requires the query parameter "${parameter.name}", which ${name} does not require; give its value in \`x-lifecycle.successorQuery\``,
      at: queryAt ?? raw,
    });
  }
}

/**
 * Parameters, properties and enum values deprecated part by part (docs/adr/0015): the `x-lifecycle`
 * of a parameter or schema goes with `deprecated: true` (`apilife diff` reads it only then) and its
 * sunset is a full date; `x-lifecycle.deprecatedValues` maps values of the `enum` beside it to
 * `{ sunset, successor }`. oasdiff's `x-sunset` is not read: it is pointed at `x-lifecycle.sunset`.
 */
function checkParts(document: ContractDocument, resolver: RefResolver, report: RuleContext['report']): void {
  const roots: (Located | undefined)[] = [...document.schemas];
  const parameters = new Set<string>();
  for (const operation of document.operations) {
    for (const parameter of operation.parameters) {
      // A parameter of components or of a path item is shared by operations: checked once.
      if (!parameters.has(locationKey(parameter.at))) checkPart(parameter.at, `${parameter.in} parameter ${parameter.name}`, report);
      parameters.add(locationKey(parameter.at));
      roots.push(parameter.schema);
    }
    for (const content of operation.requestBody?.contents ?? []) roots.push(content.schema);
    for (const response of operation.responses) for (const content of response.contents) roots.push(content.schema);
  }
  for (const message of document.messages) roots.push(message.payload, message.headers);
  walkSchemas(resolver, roots, (node) => {
    if (node.value['x-lifecycle'] !== undefined || node.value['x-sunset'] !== undefined)
      checkPart(node, `the schema at ${showPath(node.path)}`, report);
  });
}

function checkPart(at: Located<Record<string, unknown>>, name: string, report: RuleContext['report']): void {
  const sunsetOnly = rawChild(at, 'x-sunset');
  if (sunsetOnly)
    report({
      message: `${name} has oasdiff's \`x-sunset\`, which apilife does not read: write \`x-lifecycle: { sunset: ${String(sunsetOnly.value instanceof Date ? sunsetOnly.value.toISOString().slice(0, 10) : sunsetOnly.value)} }\` beside \`deprecated: true\``,
      at: sunsetOnly,
    });
  const raw = rawChild(at, 'x-lifecycle');
  if (!raw) return;
  if (!isObject(raw.value))
    return report({
      message: `\`x-lifecycle\` of ${name} must be an object: { sunset, successor } (or deprecatedValues for enum values)`,
      at: raw,
    });
  const lifecycle = raw as Located<Record<string, unknown>>;
  const values = rawChild(lifecycle, 'deprecatedValues');
  if (values) checkDeprecatedValues(at, values, name, report);
  const sunset = rawChild(lifecycle, 'sunset');
  if (sunset) checkDay(sunset, `\`x-lifecycle.sunset\` of ${name}`, report);
  if ((sunset || rawChild(lifecycle, 'successor')) && at.value.deprecated !== true) {
    report({
      message: `${name} has an \`x-lifecycle\` sunset or successor but is not \`deprecated: true\`: deprecate it (apilife diff and the generated code read the sunset of a deprecated part only)`,
      at: lifecycle,
    });
  }
}

/** `deprecatedValues`: values of the `enum` (or `const`) beside it, each with an optional `{ sunset, successor }`. */
function checkDeprecatedValues(
  schema: Located<Record<string, unknown>>,
  values: Located,
  name: string,
  report: RuleContext['report'],
): void {
  if (!isObject(values.value))
    return report({
      message: `\`x-lifecycle.deprecatedValues\` of ${name} must map values of its enum to { sunset, successor }`,
      at: values,
    });
  const listed = Array.isArray(schema.value.enum) ? schema.value.enum : schema.value.const !== undefined ? [schema.value.const] : [];
  const known = new Set(listed.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))));
  for (const [value, entry] of Object.entries(values.value)) {
    const at = rawChild(values, value)!;
    if (!known.has(value))
      report({
        message: `\`x-lifecycle.deprecatedValues\` of ${name} names "${value}", which is not a value of its enum${listed.length > 0 ? ` (${[...known].join(', ')})` : ''}: put it beside the enum it deprecates`,
        at,
      });
    else if (entry !== null && !isObject(entry))
      report({ message: `\`x-lifecycle.deprecatedValues.${value}\` of ${name} must be { sunset, successor }`, at });
    else if (isObject(entry) && rawChild(at, 'sunset'))
      checkDay(rawChild(at, 'sunset')!, `\`x-lifecycle.deprecatedValues.${value}.sunset\` of ${name}`, report);
  }
}

function checkDay(at: Located, what: string, report: RuleContext['report']): void {
  const day = at.value instanceof Date ? at.value.toISOString().slice(0, 10) : String(at.value);
  if (!isFullDate(day)) report({ message: `${what} is "${day}", not a full date (YYYY-MM-DD, RFC 3339)`, at });
}

/** A value a query parameter can take as written in YAML: text, a number, a boolean or a date. */
function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date;
}
