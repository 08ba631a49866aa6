import type { Cursor, Report } from './cursor.ts';
import { readContent, type MediaTypeRead } from './media-type.ts';
import { isObject, text, valueKind } from './values.ts';

/**
 * The Responses Object of an operation: each Response Object with its status, headers and content.
 * @see https://spec.openapis.org/oas/v3.1.0#responses-object
 * @see https://spec.openapis.org/oas/v3.1.0#response-object
 * @see https://spec.openapis.org/oas/v3.1.0#header-object
 */
export type ResponseStatus = number | 'default' | `${1 | 2 | 3 | 4 | 5}XX`;

export interface ResponseRead<N> {
  /** The key as written (`200`, `4xx`, `default`). */
  key: string;
  /** The key as a status: a code, a range in upper case, or `default`; `undefined` (reported) for anything else. */
  status?: ResponseStatus;
  description?: string;
  /** Its headers but `Content-Type`, which OpenAPI ignores. */
  headers: HeaderRead<N>[];
  contents: MediaTypeRead<N>[];
  at: N;
}

export interface HeaderRead<N> {
  name: string;
  required: boolean;
  description?: string;
  /** `schema` as written (a `$ref` stays a `$ref`). */
  schema?: N;
  contents: MediaTypeRead<N>[];
  at: N;
}

/** The responses of `responses` in document order; one that is not an object is reported and left out. */
export function readResponses<N extends { value: unknown }>(
  cursor: Cursor<N>,
  responses: N | undefined,
  report: Report<N>,
): ResponseRead<N>[] {
  const read: ResponseRead<N>[] = [];
  for (const [key, at] of cursor.entries(responses)) {
    if (!isObject(at.value)) {
      report(`response "${key}" must be an object, not ${valueKind(at.value)}`, at);
      continue;
    }
    const response: ResponseRead<N> = { key, headers: readHeaders(cursor, at, report), contents: readContent(cursor, at, report), at };
    const status = statusOf(key);
    if (status === undefined)
      report(`response key "${key}" is not a status code, a range like 4XX, or default`, cursor.member(responses!, key)!);
    else response.status = status;
    const description = text(at.value, 'description');
    if (description !== undefined) response.description = description;
    read.push(response);
  }
  return read;
}

/** `200` → 200, `4xx` → `4XX`, `default`; `undefined` for any other key. */
export function statusOf(key: string): ResponseStatus | undefined {
  if (/^[1-5][0-9][0-9]$/.test(key)) return Number(key);
  if (/^[1-5]XX$/i.test(key)) return key.toUpperCase() as ResponseStatus;
  return key === 'default' ? 'default' : undefined;
}

function readHeaders<N extends { value: unknown }>(cursor: Cursor<N>, response: N, report: Report<N>): HeaderRead<N>[] {
  const headers: HeaderRead<N>[] = [];
  for (const [name, at] of cursor.entries(cursor.child(response, 'headers'))) {
    if (!isObject(at.value)) {
      report(`header "${name}" must be an object, not ${valueKind(at.value)}`, at);
      continue;
    }
    if (name.toLowerCase() === 'content-type') continue;
    const header: HeaderRead<N> = { name, required: at.value.required === true, contents: readContent(cursor, at, report), at };
    const description = text(at.value, 'description');
    if (description !== undefined) header.description = description;
    const schema = cursor.member(at, 'schema');
    if (schema) header.schema = schema;
    headers.push(header);
  }
  return headers;
}
