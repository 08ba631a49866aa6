import type { Cursor, Report } from './cursor.ts';
import { readContent, type MediaTypeRead } from './media-type.ts';
import { isObject, text, valueKind } from './values.ts';

/**
 * A Request Body Object.
 * @see https://spec.openapis.org/oas/v3.1.0#request-body-object
 */
export interface RequestBodyRead<N> {
  required: boolean;
  description?: string;
  contents: MediaTypeRead<N>[];
  at: N;
}

/** An operation's `requestBody`; `undefined` when absent, or reported when it is not an object. */
export function readRequestBody<N extends { value: unknown }>(
  cursor: Cursor<N>,
  operation: N,
  report: Report<N>,
): RequestBodyRead<N> | undefined {
  const at = cursor.child(operation, 'requestBody');
  if (!at) return undefined;
  if (!isObject(at.value)) {
    report(`the requestBody must be an object, not ${valueKind(at.value)}`, at);
    return undefined;
  }
  const body: RequestBodyRead<N> = { required: at.value.required === true, contents: readContent(cursor, at, report), at };
  const description = text(at.value, 'description');
  if (description !== undefined) body.description = description;
  return body;
}
