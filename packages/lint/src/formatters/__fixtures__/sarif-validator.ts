import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The official SARIF 2.1.0 schema (OASIS, final "rtm.5" text), copied verbatim from the npm package
 * `@microsoft/jest-sarif@1.0.0-beta.0` (`lib/schemas/sarif-2.1.0-rtm.5.json`, MIT, microsoft/sarif-js-sdk).
 * It is draft-04; its only draft-04-only keyword is the root `id`, so it is read as draft-07 with `$id`.
 * Its `language` pattern has a stray `]` that only non-Unicode regular expressions accept.
 */
export function sarifValidator() {
  const {
    $schema: _,
    id,
    ...schema
  } = JSON.parse(readFileSync(new URL('./sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile({ ...schema, $id: id as string });
}
