import type { Cursor, Report } from './cursor.ts';
import { isObject, valueKind } from './values.ts';

/**
 * One Media Type Object of a `content` map (request body, response, parameter, header).
 * @see https://spec.openapis.org/oas/v3.1.0#media-type-object
 */
export interface MediaTypeRead<N> {
  /** The key of the `content` map as written (`application/JSON`). */
  mediaType: string;
  /** `schema` as written (a `$ref` stays a `$ref`). */
  schema?: N;
  at: N;
}

/** The media types of `holder.content`, in document order; one that is not an object is reported and left out. */
export function readContent<N extends { value: unknown }>(cursor: Cursor<N>, holder: N, report: Report<N>): MediaTypeRead<N>[] {
  const contents: MediaTypeRead<N>[] = [];
  for (const [mediaType, at] of cursor.entries(cursor.child(holder, 'content'))) {
    if (!isObject(at.value)) {
      report(`media type "${mediaType}" must be an object, not ${valueKind(at.value)}`, at);
      continue;
    }
    const content: MediaTypeRead<N> = { mediaType, at };
    const schema = cursor.member(at, 'schema');
    if (schema) content.schema = schema;
    contents.push(content);
  }
  return contents;
}
