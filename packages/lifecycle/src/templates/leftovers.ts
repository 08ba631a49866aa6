import { parseSource, type ContractDocument, type JsonPath } from '@apilife/contract';
import { asyncapiTemplate } from './asyncapi.ts';
import { openapiTemplate } from './openapi.ts';

/** Something `apilife new` wrote that is still in a contract: where it is and what it is. */
export interface TemplateLeftover {
  file: string;
  path: JsonPath;
  /** `path /v1/examples is the template's example`, `info.description still says "TO FILL IN"`. */
  what: string;
}

/** The template's words for "write something here". */
export const FILL_IN_TEXTS = ['TO FILL IN', '(to fill in)'] as const;

/**
 * What is left of the `apilife new` template in a contract's entry file, found by comparing it with
 * what the template writes for the same service and kind: the template's example (every member
 * whose key names an example, such as `paths./v1/examples`, `components.schemas.Example`,
 * `channels.exampleEvents`, and the operation ids, names and addresses it gives them, wherever
 * they were moved) and every text still saying `TO FILL IN` or `(to fill in)`. The planning facts
 * (`info.x-lifecycle.planning`) are left to the planning gate, which names what each one needs.
 * @example
 * for (const l of templateLeftovers(api.document)) console.log(l.what); // path /v1/examples is the template's example
 */
export function templateLeftovers(document: ContractDocument): TemplateLeftover[] {
  if (document.kind !== 'openapi' && document.kind !== 'asyncapi') return [];
  const example = exampleOf(document.kind, document.service);
  const found: TemplateLeftover[] = [];
  const visit = (value: unknown, path: JsonPath): void => {
    const key = path.at(-1);
    if (path.length > 0 && example.places.has(placeKey(path))) {
      found.push({ file: document.file, path, what: `${describe(path)} is the template's example` });
      return;
    }
    if (typeof value === 'string') {
      if (typeof key === 'string' && NAMING_KEYS.has(key) && example.names.has(value))
        found.push({ file: document.file, path, what: `${nameWord(key, path)} ${value} is the template's example` });
      const text = FILL_IN_TEXTS.find((t) => value.includes(t));
      if (text && !isPlanning(path)) found.push({ file: document.file, path, what: `${dotted(path)} still says "${text}"` });
      return;
    }
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index]));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
  };
  visit(document.source.value, []);
  return found;
}

/** Keys whose value names a thing a client sees: operation ids, tag and message names, channel addresses. */
const NAMING_KEYS = new Set(['operationId', 'name', 'address']);

/** The OpenAPI and AsyncAPI keywords for sample values, which are not the template's example. */
const SAMPLE_KEYWORDS = new Set(['example', 'examples']);

interface TemplateExample {
  /** Places (`placeKey`) of the members whose key names an example, the outermost of each. */
  places: Set<string>;
  /** Operation ids, names and addresses the template gives its example. */
  names: Set<string>;
}

const examples = new Map<string, TemplateExample>();

/** What the template writes as its example for one service and kind (computed once per pair). */
function exampleOf(kind: 'openapi' | 'asyncapi', service: string): TemplateExample {
  const cacheKey = `${kind} ${service}`;
  const cached = examples.get(cacheKey);
  if (cached) return cached;
  const input = { service, name: 'Template', owner: 'team-template', shared: true };
  const value = parseSource(kind === 'openapi' ? openapiTemplate(input) : asyncapiTemplate(input), `template.${kind}.yaml`).value;
  const example: TemplateExample = { places: new Set(), names: new Set() };
  const visit = (node: unknown, path: JsonPath, inside: boolean): void => {
    const key = path.at(-1);
    if (typeof key === 'string' && SAMPLE_KEYWORDS.has(key)) return;
    const place = !inside && typeof key === 'string' && /example/i.test(key);
    if (place) example.places.add(placeKey(path));
    if (typeof node === 'string' && typeof key === 'string' && NAMING_KEYS.has(key) && /example/i.test(node)) example.names.add(node);
    if (Array.isArray(node)) node.forEach((item, index) => visit(item, [...path, index], inside || place));
    else if (typeof node === 'object' && node !== null) for (const [k, v] of Object.entries(node)) visit(v, [...path, k], inside || place);
  };
  visit(value, [], false);
  examples.set(cacheKey, example);
  return example;
}

const placeKey = (path: JsonPath): string => JSON.stringify(path);

const isPlanning = (path: JsonPath): boolean => path[0] === 'info' && path[1] === 'x-lifecycle' && path[2] === 'planning';

/** Container → what one member of it is called in a message. */
const MEMBER_WORDS: Record<string, string> = {
  paths: 'path',
  schemas: 'schema',
  channels: 'channel',
  operations: 'operation',
  messages: 'message',
  parameters: 'parameter',
  tags: 'tag',
  responses: 'response',
  securitySchemes: 'security scheme',
};

function describe(path: JsonPath): string {
  const container = path.at(-2);
  const word = typeof container === 'string' ? MEMBER_WORDS[container] : undefined;
  return word ? `${word} ${String(path.at(-1))}` : dotted(path);
}

/** `operation listExamples`, `tag Examples`, `channel address pets.examples.{exampleId}.events`. */
function nameWord(key: string, path: JsonPath): string {
  if (key === 'operationId') return 'operation';
  if (key === 'address') return 'channel address';
  const container = path.at(-3);
  return (typeof container === 'string' && MEMBER_WORDS[container]) || 'name';
}

/** `info.description`, `servers[0].description`, `paths["/v1/examples"]`. */
function dotted(path: JsonPath): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[\w$-]+$/.test(p) ? `${i === 0 ? '' : '.'}${p}` : `[${JSON.stringify(p)}]`))
    .join('');
}
