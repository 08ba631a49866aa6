import { loaderDiagnostic } from '../diagnostic.ts';
import type { ParsedSource } from '../parse.ts';
import { ConvertedSourceMap } from './converted-source-map.ts';
import { convertAsyncApi2, isConvertibleAsyncApi } from './convert.ts';

/**
 * A parsed file as apilife reads it: an AsyncAPI 2.0–2.6 document becomes its conversion to 3.0.0
 * (`value`), with a source map that places paths of the conversion in the file as written, and
 * the document as written kept in `convertedFrom` (for engines that read 2.x themselves, and to
 * say "AsyncAPI 2.6.0, converted in memory"). Anything else is returned as it is. A document the
 * converter cannot convert stays as written, with an `asyncapi-conversion-failed` error at its
 * version field.
 */
export function readConverted(parsed: ParsedSource): ParsedSource {
  const written = parsed.value;
  if (!isConvertibleAsyncApi(written)) return parsed;
  let conversion: ReturnType<typeof convertAsyncApi2>;
  try {
    conversion = convertAsyncApi2(written);
  } catch (error) {
    const message = `cannot convert this AsyncAPI ${written.asyncapi} document to 3.0: ${error instanceof Error ? error.message : String(error)}`;
    const range = parsed.sourceMap.locate(['asyncapi']).range;
    // The document stays as written: Spectral and Redocly still lint it (they read 2.x); apilife's
    // model and IR are not built from it (the error stops `loadIR`, the house rules skip it).
    return {
      ...parsed,
      diagnostics: [...parsed.diagnostics, loaderDiagnostic('asyncapi-conversion-failed', message, parsed.file, range, ['asyncapi'])],
    };
  }
  const sourceMap = new ConvertedSourceMap(parsed.sourceMap, conversion.moves);
  const findings = conversion.findings.map((f) =>
    loaderDiagnostic(f.code, f.message, parsed.file, parsed.sourceMap.locate(f.path).range, f.path, f.severity),
  );
  return {
    ...parsed,
    value: conversion.value,
    sourceMap,
    convertedFrom: { specVersion: conversion.from, value: written, sourceMap: parsed.sourceMap },
    diagnostics: [...parsed.diagnostics, ...findings],
  };
}
