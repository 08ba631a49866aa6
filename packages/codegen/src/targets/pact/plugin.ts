import type { ApiIR, JsonValue, MessagingApiIR, NamedSchema, OperationIR, ProviderStateIR, SchemaIR } from '@apilife/contract';
import ts from 'typescript';
import { withDoc } from '../../print.ts';
import type { TargetContext, TargetFile } from '../../target.ts';
import { cloudEventType } from '../messaging/plugin.ts';
import { data, propertySignature, raw, typeRef, type Data } from '../server/ast.ts';
import { schemaType, type SchemaIndex } from '../types/schema-type.ts';
import { pactConfig } from './config.ts';

const f = ts.factory;
const exportMod = [f.createModifier(ts.SyntaxKind.ExportKeyword)];
const { types: T, runtime: RT } = pactConfig.namespaces;

/**
 * `pact.gen.ts`: the provider's name (its folder under the contracts root), its provider states,
 * the schemas as matcher plans, and, for an OpenAPI contract, `createPact` with one typed method per
 * operation; for an AsyncAPI contract, one per operation the provider sends, and typed message
 * producers for its verification. `stateHandlers` types the provider's state handlers.
 */
export function buildPactFile(ctx: TargetContext): TargetFile {
  const { api, messaging } = ctx;
  const index: SchemaIndex = new Map(api.schemas.map((s) => [s.name, s] as const));
  const provider = providerName(ctx.contractPath);
  const statements: ts.Statement[] = [
    f.createImportDeclaration(
      undefined,
      f.createImportClause(false, undefined, f.createNamespaceImport(f.createIdentifier(RT))),
      f.createStringLiteral(pactConfig.runtimeModule),
    ),
    f.createImportDeclaration(
      undefined,
      f.createImportClause(true, undefined, f.createNamespaceImport(f.createIdentifier(T))),
      f.createStringLiteral('./types.gen.ts'),
    ),
    withDoc(constant('provider', data(provider), undefined, true), [`The provider's name in pacts: its folder under the contracts root.`]),
    withDoc(statesInterface(messaging?.providerStates ?? api.providerStates ?? [], index), [
      'The provider states the contract declares (`x-provider-states`), with their parameters.',
    ]),
    withDoc(
      constant(
        'schemas',
        data(Object.fromEntries(api.schemas.map((s) => [s.name, planOf(s.schema, index)]))),
        typeRef('SchemaPlans', undefined, RT),
      ),
      ['The schemas as matcher plans: what Pact may match by type, regex or format.'],
    ),
  ];
  if (messaging) statements.push(...messageStatements(messaging, index));
  else statements.push(...httpStatements(api, index));
  statements.push(
    withDoc(
      f.createFunctionDeclaration(
        exportMod,
        undefined,
        'stateHandlers',
        undefined,
        [param('handlers', typeRef('StateHandlers', [typeRef('ProviderStates')], RT))],
        typeRef('StateHandlerTable', undefined, RT),
        f.createBlock(
          [f.createReturnStatement(f.createAsExpression(f.createIdentifier('handlers'), typeRef('StateHandlerTable', undefined, RT)))],
          true,
        ),
      ),
      [`The provider's state handlers for \`verifyProvider\`, one for every state the contract declares.`],
    ),
  );
  return {
    path: pactConfig.file,
    statements,
    description: `Typed Pact interactions with ${messaging?.title ?? api.title} (provider \`${provider}\`).`,
  };
}

/** `contracts/delivery/openapi.yaml` → `delivery`. */
function providerName(contractPath: string): string {
  const parts = contractPath.split('/');
  return parts.length > 1 ? parts[parts.length - 2]! : parts[0]!.replace(/\.[^.]+$/, '');
}

function httpStatements(api: ApiIR, index: SchemaIndex): ts.Statement[] {
  const live = api.operations.filter((op) => !op.lifecycle.retired);
  const table = Object.fromEntries(live.map((op) => [op.name, operationSpec(op, index)]));
  return [
    constant(
      'operations',
      data(table),
      typeRef('Record', [f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword), typeRef('HttpOperationSpec', undefined, RT)]),
    ),
    withDoc(
      f.createInterfaceDeclaration(
        exportMod,
        'Interactions',
        undefined,
        undefined,
        live.map((op) =>
          withDoc(
            method(
              op.name,
              'interaction',
              typeRef(
                'HttpInteraction',
                [typeRef(`${op.typeName}Input`, undefined, T), typeRef(`${op.typeName}Responses`, undefined, T), typeRef('ProviderStates')],
                RT,
              ),
              typeRef('V4InteractionWithResponse', undefined, RT),
            ),
            [
              `${op.method} ${op.path}${op.summary ? `: ${op.summary}` : ''}`,
              op.lifecycle.deprecated ? `@deprecated${op.lifecycle.sunset ? ` Sunset ${op.lifecycle.sunset}.` : ''}` : undefined,
            ],
          ),
        ),
      ),
      [`One method per operation: adds an interaction whose request and response the contract types.`],
    ),
    factory(
      'createPact',
      'HttpPact',
      'Interactions',
      'httpPact',
      `A consumer's pact with \`${api.title}\`, written to \`pacts/<consumer>-<provider>.json\`.`,
    ),
  ];
}

function operationSpec(op: OperationIR, index: SchemaIndex): Data {
  const responses: Record<string, Data> = {};
  for (const response of op.responses) {
    const media = response.contents.find((c) => c.json) ?? response.contents[0];
    responses[String(response.status)] = {
      mediaType: media?.mediaType,
      body: media ? planOf(media.schema, index) : undefined,
      headers: response.headers.length > 0 ? Object.fromEntries(response.headers.map((h) => [h.name, planOf(h.schema, index)])) : undefined,
    };
  }
  return {
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    parameters: op.parameters.map((p) => ({ name: p.name, in: p.in, style: p.style, explode: p.explode })),
    requestMediaType: (op.requestBody?.contents.find((c) => c.json) ?? op.requestBody?.contents[0])?.mediaType,
    responses,
  };
}

function messageStatements(api: MessagingApiIR, index: SchemaIndex): ts.Statement[] {
  const messages = new Map(api.messages.map((m) => [m.key, m] as const));
  const channels = new Map(api.channels.map((c) => [c.key, c] as const));
  // What the provider sends: its send operations, and the replies of the requests it receives.
  const sends = api.operations
    .filter(
      (op) => !op.lifecycle.retired && (op.action === 'send' ? channels.get(op.channel)?.address !== undefined : op.reply !== undefined),
    )
    .map((op) =>
      op.action === 'send'
        ? {
            op,
            name: op.name,
            address: channels.get(op.channel)!.address!,
            keys: op.messages,
            params: channels.get(op.channel)!.parameters,
            reply: false,
          }
        : {
            op,
            name: `${op.name}Reply`,
            address: op.reply!.address ?? (op.reply!.channel ? (channels.get(op.reply!.channel)?.address ?? '') : ''),
            keys: op.reply!.messages,
            params: op.reply!.address === undefined && op.reply!.channel ? (channels.get(op.reply!.channel)?.parameters ?? []) : [],
            reply: true,
          },
    );
  const sent = [...new Set(sends.flatMap((s) => s.keys))].map((key) => messages.get(key)!).filter((m) => m !== undefined);
  const table = Object.fromEntries(
    sends.map((s) => [
      s.name,
      {
        operationId: s.op.operationId,
        channel: s.address,
        reply: s.reply || undefined,
        messages: Object.fromEntries(
          s.keys
            .map((key) => messages.get(key)!)
            .map((m) => [m.key, { type: cloudEventType(m, api), contentType: m.contentType, payload: planOf(m.payload, index) }]),
        ),
      },
    ]),
  );
  const stringType = f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword);
  return [
    constant('operations', data(table), typeRef('Record', [stringType, typeRef('MessageOperationSpec', undefined, RT)])),
    withDoc(
      f.createInterfaceDeclaration(
        exportMod,
        'Messages',
        undefined,
        undefined,
        sends.map((s) => {
          const payloads = f.createTypeLiteralNode(
            s.keys.map((key) => propertySignature(key, typeRef(messages.get(key)!.typeName, undefined, T))),
          );
          const params = f.createTypeLiteralNode(s.params.map((p) => propertySignature(p.name, stringType)));
          const where = s.address === '' ? "to the request's `replyto` (give `address`)" : `on \`${s.address}\``;
          return withDoc(
            method(
              s.name,
              'interaction',
              typeRef('MessageInteraction', [payloads, params, typeRef('ProviderStates')], RT),
              typeRef('ReadyMessageInteraction', undefined, RT),
            ),
            [`${s.reply ? `The reply to \`${s.op.operationId}\`, sent` : 'Sent'} ${where}${s.op.summary ? `: ${s.op.summary}` : ''}`],
          );
        }),
      ),
      [`One method per operation the provider sends: adds a message interaction whose payload the contract types.`],
    ),
    factory(
      'createPact',
      'MessagePact',
      'Messages',
      'messagePact',
      `A consumer's pact with the messages of \`${api.title}\`, written to \`pacts/<consumer>-<provider>.json\`.`,
    ),
    withDoc(
      f.createTypeAliasDeclaration(
        exportMod,
        'Producers',
        undefined,
        f.createTypeLiteralNode(
          sent.map((m) =>
            f.createPropertySignature(
              undefined,
              m.key,
              f.createToken(ts.SyntaxKind.QuestionToken),
              f.createFunctionTypeNode(
                undefined,
                [param('context', typeRef('ProduceContext', undefined, RT))],
                typeRef('Promise', [typeRef('CapturedMessage', undefined, RT)]),
              ),
            ),
          ),
        ),
      ),
      [
        `For the provider's verification: for each message, code that makes the provider's real code publish one (see \`CaptureTransport\`).`,
      ],
    ),
    withDoc(
      f.createFunctionDeclaration(
        exportMod,
        undefined,
        'producers',
        undefined,
        [param('producers', typeRef('Producers'))],
        typeRef('ProducerTable', undefined, RT),
        f.createBlock(
          [
            f.createReturnStatement(
              data({
                operations: sends.map((s) => s.op.operationId),
                types: Object.fromEntries(sent.map((m) => [cloudEventType(m, api), m.key])),
                producers: { expression: f.createIdentifier('producers') },
              }),
            ),
          ],
          true,
        ),
      ),
      [`The provider's message producers for \`verifyProvider\`.`],
    ),
  ];
}

/** `ProviderStates`: state name → its parameters' type (`Record<string, never>` without any). */
function statesInterface(states: readonly ProviderStateIR[], index: SchemaIndex): ts.InterfaceDeclaration {
  const none = typeRef('Record', [
    f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
    f.createKeywordTypeNode(ts.SyntaxKind.NeverKeyword),
  ]);
  return f.createInterfaceDeclaration(
    exportMod,
    'ProviderStates',
    undefined,
    undefined,
    states.map((state) =>
      withDoc(propertySignature(state.name, state.params ? qualify(schemaType(state.params, 'request', index), index) : none), [
        state.description,
      ]),
    ),
  );
}

/** Schema type names as `T.Name` (they live in `types.gen.ts`). */
function qualify(node: ts.TypeNode, index: SchemaIndex): ts.TypeNode {
  const names = new Set([...index.values()].flatMap((s: NamedSchema) => (s.writableName ? [s.name, s.writableName] : [s.name])));
  const visit = (n: ts.Node): ts.Node => {
    if (ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName) && names.has(n.typeName.text))
      return typeRef(n.typeName.text, undefined, T);
    return ts.visitEachChild(n, visit, undefined);
  };
  return visit(node) as ts.TypeNode;
}

/** A schema as a matcher plan (see `SchemaPlan` in `@apilife/pact`). */
export function planOf(schema: SchemaIR, index: SchemaIndex): Data {
  switch (schema.kind) {
    case 'ref':
      return { t: 'ref', name: schema.name };
    case 'any':
    case 'never':
    case 'not':
      return { t: 'any' };
    case 'null':
    case 'boolean':
      return { t: schema.kind };
    case 'integer':
    case 'number':
      return { t: schema.kind };
    case 'string':
      return { t: 'string', format: schema.format, pattern: schema.pattern };
    case 'enum':
      return { t: 'enum', values: schema.values.map(jsonData) };
    case 'array':
      return { t: 'array', items: planOf(schema.items, index), min: schema.minItems, max: schema.maxItems };
    case 'object':
      return {
        t: 'object',
        properties: Object.fromEntries(schema.properties.filter((p) => !p.writeOnly).map((p) => [p.name, planOf(p.schema, index)])),
        additional:
          schema.additionalProperties === true
            ? { t: 'any' }
            : schema.additionalProperties === false
              ? undefined
              : planOf(schema.additionalProperties, index),
      };
    case 'union':
      return {
        t: 'union',
        variants: schema.variants.map((v) => planOf(v, index)),
        discriminator: schema.discriminator
          ? {
              property: schema.discriminator.property,
              mapping: Object.fromEntries(schema.discriminator.mapping.map((m) => [m.value, m.schema.name])),
            }
          : undefined,
      };
    case 'intersection':
      return { t: 'all', parts: schema.parts.map((p) => planOf(p, index)) };
  }
}

/** A JSON value as `Data` (`null` as the literal). */
function jsonData(value: JsonValue): Data {
  if (value === null) return raw(f.createNull());
  if (Array.isArray(value)) return value.map(jsonData);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonData(v)]));
  return value;
}

function constant(name: string, init: ts.Expression, type?: ts.TypeNode, exported = false): ts.VariableStatement {
  return f.createVariableStatement(
    exported ? exportMod : undefined,
    f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, type, init)], ts.NodeFlags.Const),
  );
}

function param(name: string, type: ts.TypeNode): ts.ParameterDeclaration {
  return f.createParameterDeclaration(undefined, undefined, name, undefined, type);
}

function method(name: string, parameter: string, type: ts.TypeNode, returns: ts.TypeNode): ts.MethodSignature {
  return f.createMethodSignature(undefined, name, undefined, undefined, [param(parameter, type)], returns);
}

/** `export function createPact(options: pact.PactOptions): pact.<Kind><I> { return pact.<bind><I>(provider, operations, schemas, options); }` */
function factory(name: string, kind: string, iface: string, bind: string, doc: string): ts.FunctionDeclaration {
  return withDoc(
    f.createFunctionDeclaration(
      exportMod,
      undefined,
      name,
      undefined,
      [param('options', typeRef('PactOptions', undefined, RT))],
      typeRef(kind, [typeRef(iface)], RT),
      f.createBlock(
        [
          f.createReturnStatement(
            f.createCallExpression(
              f.createPropertyAccessExpression(f.createIdentifier(RT), bind),
              [typeRef(iface)],
              [
                f.createIdentifier('provider'),
                f.createIdentifier('operations'),
                f.createIdentifier('schemas'),
                f.createIdentifier('options'),
              ],
            ),
          ),
        ],
        true,
      ),
    ),
    [doc],
  );
}
