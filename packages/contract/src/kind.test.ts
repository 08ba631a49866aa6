import { describe, expect, it } from 'vitest';
import { contractReadAs, describeContract, detectContract, isSupported, unsupportedContract } from './kind.ts';

describe('what a document is, decided once on the parsed document', () => {
  it.each<[string, unknown, string | undefined, boolean]>([
    ['OpenAPI 3.0.3', { openapi: '3.0.3' }, 'an OpenAPI 3.0.3 document', true],
    ['OpenAPI 3.1.0', { openapi: '3.1.0' }, 'an OpenAPI 3.1.0 document', true],
    ['OpenAPI 3.1 (no patch)', { openapi: '3.1' }, 'an OpenAPI 3.1 document', true],
    ['OpenAPI 3.2.0', { openapi: '3.2.0' }, 'an OpenAPI 3.2.0 document', false],
    ['Swagger 2.0', { swagger: '2.0' }, 'a Swagger 2.0 document', false],
    ['AsyncAPI 2.6.0 (read converted to 3.0)', { asyncapi: '2.6.0' }, 'an AsyncAPI 2.6.0 document', true],
    ['AsyncAPI 2.0.0 (read converted to 3.0)', { asyncapi: '2.0.0' }, 'an AsyncAPI 2.0.0 document', true],
    ['AsyncAPI 2.7.0 (no such version to convert)', { asyncapi: '2.7.0' }, 'an AsyncAPI 2.7.0 document', false],
    ['AsyncAPI 1.2.0', { asyncapi: '1.2.0' }, 'an AsyncAPI 1.2.0 document', false],
    ['AsyncAPI 3.0.0', { asyncapi: '3.0.0' }, 'an AsyncAPI 3.0.0 document', true],
    ['a version written as a number', { openapi: 3.1 }, undefined, false],
    ['no version field', { info: { title: 'x' } }, undefined, false],
    ['a list', [], undefined, false],
    ['null', null, undefined, false],
  ])('%s', (_, document, description, supported) => {
    const info = detectContract(document);
    expect(info && describeContract(info)).toBe(description);
    expect(info !== undefined && isSupported(info)).toBe(supported);
  });

  it('the error names the file, what it is and what apilife reads, with a way to convert where there is one', () => {
    expect(unsupportedContract('api.yaml', { kind: 'swagger', specVersion: '2.0' }).message).toBe(
      'api.yaml: Swagger 2.0 is not supported; apilife reads OpenAPI 3.0/3.1 and AsyncAPI 2.0–2.6/3.0 (convert it to OpenAPI 3 first, e.g. with swagger2openapi)',
    );
    expect(unsupportedContract('api.yaml', { kind: 'openapi', specVersion: '3.2.0' }).message).toBe(
      'api.yaml: OpenAPI 3.2.0 is not supported; apilife reads OpenAPI 3.0/3.1 and AsyncAPI 2.0–2.6/3.0',
    );
    expect(unsupportedContract('events.yaml', { kind: 'asyncapi', specVersion: '2.7.0' })).toMatchObject({
      name: 'InputError',
      code: 'unsupported-contract',
      file: 'events.yaml',
    });
    expect(unsupportedContract('events.yaml', { kind: 'asyncapi', specVersion: '3.0.0' }, 'expected OpenAPI 3.0/3.1 here')).toMatchObject({
      code: 'not-openapi',
      message: 'events.yaml: an AsyncAPI 3.0.0 document; expected OpenAPI 3.0/3.1 here',
    });
    expect(contractReadAs({ kind: 'asyncapi', specVersion: '3.0.0', convertedFrom: '2.6.0' })).toBe('AsyncAPI 2.6.0, converted in memory');
    expect(contractReadAs({ kind: 'asyncapi', specVersion: '3.0.0' })).toBe('AsyncAPI 3.0.0');
  });
});
