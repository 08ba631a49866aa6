import { dirname, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { Diagnostic } from '../diagnostic.ts';
import { InputError } from '../errors.ts';
import { placeText } from '../ir/places.ts';
import { describeContract, detectContract, NOT_A_CONTRACT } from '../kind.ts';
import type { Limits } from '../limits.ts';
import type { SourceFormat } from '../parse.ts';
import { collectRefs } from '../references.ts';
import { ContractStore } from '../store.ts';

/** What `convertFile` did: the 3.0 document as text, or nothing when the file is already AsyncAPI 3. */
export type ConvertedFile =
  | {
      converted: true;
      file: string;
      /** `2.6.0`. */
      from: string;
      to: '3.0.0';
      format: SourceFormat;
      /** The AsyncAPI 3.0.0 document, in the input's format (YAML or JSON). */
      text: string;
      /** The same document as data. */
      document: unknown;
      /** What the conversion could not carry over (warnings), placed in the input. */
      findings: Diagnostic[];
      /** True when the document has `$ref`s to other files (relative to the input's folder). */
      externalRefs: boolean;
    }
  | { converted: false; file: string; from: string };

/**
 * Converts an AsyncAPI 2.0–2.6 file to AsyncAPI 3.0.0 text, in the format it is written in (YAML
 * stays YAML, JSON stays JSON; comments are not kept), as apilife reads it: the same conversion
 * every command makes in memory. An AsyncAPI 3 file is answered `converted: false`. Any other file
 * (OpenAPI, Swagger, AsyncAPI 1, not a contract, unreadable or invalid) is an `InputError` naming
 * it (as `name`, default the path). Reads the file only: its `$ref`s are kept as written, not followed.
 * @example
 * const result = await convertFile('/work/contracts/events/asyncapi.yaml', { name: 'contracts/events/asyncapi.yaml' });
 * if (result.converted) await writeFile('asyncapi-3.yaml', result.text);
 */
export async function convertFile(path: string, options: { name?: string; limits?: Partial<Limits> } = {}): Promise<ConvertedFile> {
  const file = options.name ?? path;
  const limits = options.limits ?? {};
  path = resolve(path);
  const source = await new ContractStore({ root: dirname(path), limits }).load(path);
  const error = source.diagnostics.find((d) => d.severity === 'error');
  if (error?.code.startsWith('file-')) throw new InputError(`${file}: ${error.message.replace(path, file)}`, file, { code: error.code });
  if (error) throw new InputError(`${placeText(file, error.range.start)}: ${error.message}`, file, { code: error.code });
  if (source.convertedFrom) {
    return {
      converted: true,
      file,
      from: source.convertedFrom.specVersion,
      to: '3.0.0',
      format: source.format,
      text:
        source.format === 'json'
          ? `${JSON.stringify(source.value, null, 2)}\n`
          : stringify(source.value, { aliasDuplicateObjects: false, lineWidth: 0 }),
      document: source.value,
      findings: source.diagnostics.map((d) => ({ ...d, file })),
      externalRefs: collectRefs(source).some((site) => !site.ref.startsWith('#')),
    };
  }
  const info = detectContract(source.value);
  if (!info) throw new InputError(`${file}: ${NOT_A_CONTRACT}`, file, { code: 'not-a-contract' });
  if (info.kind === 'asyncapi' && info.specVersion.startsWith('3.')) return { converted: false, file, from: info.specVersion };
  throw new InputError(`${file}: ${describeContract(info)}; apilife convert converts AsyncAPI 2.0–2.6 to 3.0`, file, {
    code: 'not-asyncapi-2',
  });
}
