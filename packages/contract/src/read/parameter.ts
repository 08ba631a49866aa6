import type { Cursor, Report } from './cursor.ts';
import { readContent, type MediaTypeRead } from './media-type.ts';
import { isObject, text } from './values.ts';

/**
 * Parameter Objects (of a path item or an operation): what each says, with OpenAPI's defaults.
 * @see https://spec.openapis.org/oas/v3.1.0#parameter-object
 */
export const PARAMETER_LOCATIONS = ['path', 'query', 'header', 'cookie'] as const;
export type ParameterLocation = (typeof PARAMETER_LOCATIONS)[number];

export interface ParameterRead<N> {
  name: string;
  /** `in` as written (one of `PARAMETER_LOCATIONS` unless reported). */
  in: string;
  /** `required: true` as written (a path parameter is required whatever it says). */
  required: boolean;
  deprecated: boolean;
  description?: string;
  /** `style`, else its default: `form` for query and cookie, `simple` for path and header. */
  style: string;
  /** `explode`, else its default: true for `form`. */
  explode: boolean;
  /** `schema` as written (a `$ref` stays a `$ref`). */
  schema?: N;
  /** `content`, for a parameter described by a media type instead of a schema. */
  contents: MediaTypeRead<N>[];
  /** An `Accept`, `Content-Type` or `Authorization` header parameter, which OpenAPI ignores (§4.8.12.1). */
  ignored: boolean;
  at: N;
}

const IGNORED_HEADERS = ['accept', 'content-type', 'authorization'];

/**
 * The parameters of a `parameters` list, in order. One that is not an object or lacks a name or
 * `in` is reported and left out; an `in` that is none of the four is reported and kept.
 */
export function readParameters<N extends { value: unknown }>(
  cursor: Cursor<N>,
  list: N | undefined,
  report: Report<N>,
): ParameterRead<N>[] {
  const parameters: ParameterRead<N>[] = [];
  for (const at of cursor.items(list)) {
    const p = at.value;
    if (!isObject(p)) {
      report('a parameter must be an object', at);
      continue;
    }
    const valid = typeof p.name === 'string' && PARAMETER_LOCATIONS.includes(p.in as ParameterLocation);
    if (!valid) report('a parameter needs a name and in: path, query, header or cookie', at);
    if (typeof p.name !== 'string' || typeof p.in !== 'string') continue;
    const style = text(p, 'style') ?? (p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple');
    const parameter: ParameterRead<N> = {
      name: p.name,
      in: p.in,
      required: p.required === true,
      deprecated: p.deprecated === true,
      style,
      explode: typeof p.explode === 'boolean' ? p.explode : style === 'form',
      contents: readContent(cursor, at, report),
      ignored: p.in === 'header' && IGNORED_HEADERS.includes(p.name.toLowerCase()),
      at,
    };
    const description = text(p, 'description');
    if (description !== undefined) parameter.description = description;
    const schema = cursor.member(at, 'schema');
    if (schema) parameter.schema = schema;
    parameters.push(parameter);
  }
  return parameters;
}
