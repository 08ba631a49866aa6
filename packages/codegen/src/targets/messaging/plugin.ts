import { messageDeprecation, type ChannelIR, type MessageIR, type MessageOperationIR, type MessagingApiIR } from '@apilife/contract';
import ts from 'typescript';
import { GenerateError } from '../../errors.ts';
import { withDoc } from '../../print.ts';
import type { TargetContext, TargetFile } from '../../target.ts';
import { data, member, typeRef, type Data } from '../server/ast.ts';
import { key, literalOf, union } from '../types/schema-type.ts';
import { messagingConfig } from './config.ts';

const f = ts.factory;
const exportMod = [f.createModifier(ts.SyntaxKind.ExportKeyword)];
const { types: T, validators: V, runtime: RT } = messagingConfig.namespaces;
const q = () => f.createToken(ts.SyntaxKind.QuestionToken);

/**
 * `messaging.gen.ts`: channel address templates, the operation table (messages, CloudEvents
 * types, validators, replies, groups), and two typed views bound by `@apilife/messaging`:
 * `createMessaging` for the service that owns the contract, `createPeer` for the services that
 * talk to it (what the owner sends, a peer receives, and the other way round).
 */
export function buildMessagingFile(ctx: TargetContext): TargetFile {
  const api = ctx.messaging;
  if (!api) throw new GenerateError('the messaging target needs an AsyncAPI contract', 'targets', messagingConfig.name);
  const messages = new Map(api.messages.map((m) => [m.key, m] as const));
  const channels = new Map(api.channels.map((c) => [c.key, c] as const));
  const statements: ts.Statement[] = [
    f.createImportDeclaration(
      undefined,
      f.createImportClause(false, undefined, f.createNamespaceImport(f.createIdentifier(RT))),
      f.createStringLiteral(messagingConfig.runtimeModule),
    ),
    f.createImportDeclaration(
      undefined,
      f.createImportClause(true, undefined, f.createNamespaceImport(f.createIdentifier(T))),
      f.createStringLiteral('./types.gen.ts'),
    ),
    f.createImportDeclaration(
      undefined,
      f.createImportClause(false, undefined, f.createNamespaceImport(f.createIdentifier(V))),
      f.createStringLiteral('./validators.gen.ts'),
    ),
  ];
  statements.push(
    withDoc(
      f.createVariableStatement(
        exportMod,
        f.createVariableDeclarationList(
          [
            f.createVariableDeclaration(
              'channels',
              undefined,
              undefined,
              f.createAsExpression(
                data(Object.fromEntries(api.channels.filter((c) => c.address).map((c) => [c.key, c.address!]))),
                f.createTypeReferenceNode('const'),
              ),
            ),
          ],
          ts.NodeFlags.Const,
        ),
      ),
      ['Address templates of the channels, by channel key.'],
    ),
  );
  statements.push(
    withDoc(
      f.createVariableStatement(
        exportMod,
        f.createVariableDeclarationList(
          [
            f.createVariableDeclaration(
              'servers',
              undefined,
              f.createTypeOperatorNode(ts.SyntaxKind.ReadonlyKeyword, f.createArrayTypeNode(typeRef('ContractServer', undefined, RT))),
              data(api.servers.map((s) => ({ name: s.name, protocol: s.protocol, host: s.host }))),
            ),
          ],
          ts.NodeFlags.Const,
        ),
      ),
      ["The contract's servers, for `selectTransport(servers)`."],
    ),
  );
  const table: Record<string, Data> = {};
  for (const op of api.operations) table[op.name] = operationSpec(op, channels, messages, api);
  statements.push(
    f.createVariableStatement(
      undefined,
      f.createVariableDeclarationList(
        [
          f.createVariableDeclaration(
            'operations',
            undefined,
            typeRef('Record', [f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword), typeRef('MessagingOperationSpec', undefined, RT)]),
            data(table),
          ),
        ],
        ts.NodeFlags.Const,
      ),
    ),
  );
  for (const op of api.operations) statements.push(...operationTypes(api, op, channels.get(op.channel)!, messages));
  statements.push(view(api, 'Messaging', 'owner', channels, messages));
  statements.push(view(api, 'Peer', 'peer', channels, messages));
  const service = ctx.contractPath.split('/').slice(-2, -1)[0] ?? 'service';
  statements.push(
    factory(
      'createMessaging',
      'Messaging',
      'owner',
      `The operations of ${api.title} for the service that owns the contract. Handler slots subscribe in the contract's consumer group (or \`${service}.<operation>\`).`,
      service,
    ),
  );
  statements.push(
    factory(
      'createPeer',
      'Peer',
      'peer',
      `${api.title} seen from a service that talks to it: what the owner sends, a peer receives (in a group the peer names), and what the owner receives, a peer sends.`,
      service,
    ),
  );
  return { path: messagingConfig.file, statements, description: `Typed messaging of ${api.title} ${api.version}.` };
}

function operationSpec(
  op: MessageOperationIR,
  channels: ReadonlyMap<string, ChannelIR>,
  messages: ReadonlyMap<string, MessageIR>,
  api: MessagingApiIR,
): Data {
  const channel = channels.get(op.channel)!;
  if (!channel.address)
    throw new GenerateError(`operation ${op.operationId}: channel ${channel.key} has no address`, 'targets', messagingConfig.name);
  const spec: Record<string, Data | undefined> = {
    action: op.action,
    channel: channel.address,
    messages: op.messages.map((k) => messageSpec(messages.get(k)!, api, op, channel)),
    style: op.interactionStyle,
    group: op.group,
    enums: enums(channel),
  };
  if (op.reply) {
    const replyChannel = op.reply.channel ? channels.get(op.reply.channel) : undefined;
    spec.reply = {
      channel: replyChannel?.address,
      parameters: replyChannel?.parameters.length
        ? replyChannel.parameters.map((p) => ({ name: p.name, payloadPath: payloadPath(p.location, op, replyChannel) }))
        : undefined,
      messages: op.reply.messages.map((k) => messageSpec(messages.get(k)!, api, op, replyChannel)),
    };
  }
  return spec as Data;
}

/** The channel's parameters limited to some values (`enum`), which the runtime holds received addresses to. */
function enums(channel: ChannelIR): Data | undefined {
  const limited = channel.parameters.flatMap((p) => (p.schema.kind === 'enum' ? [[p.name, p.schema.values.map(String)] as const] : []));
  return limited.length === 0 ? undefined : Object.fromEntries(limited);
}

/** `$message.payload#/quoteRequestId` → `['quoteRequestId']`. */
function payloadPath(location: string | undefined, op: MessageOperationIR, channel: ChannelIR): string[] {
  const match = location === undefined ? null : /^\$message\.payload#\/(.*)$/.exec(location);
  if (!match)
    throw new GenerateError(
      `operation ${op.operationId}: the reply channel ${channel.key} has a parameter without a payload location`,
      'targets',
      messagingConfig.name,
    );
  return match[1] === '' ? [] : match[1]!.split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** One message as `op` carries it on `channel`: key, CloudEvents type, check, and its deprecation (`messageDeprecation`). */
function messageSpec(message: MessageIR, api: MessagingApiIR, op: MessageOperationIR, channel: ChannelIR | undefined): Data {
  const deprecation = messageDeprecation(api, op, message, channel);
  return {
    key: message.key,
    type: cloudEventType(message, api),
    check: { expression: member(V, `validate${message.typeName}`) },
    deprecation: deprecation && { deprecatedAt: deprecation.deprecatedAt, sunset: deprecation.sunset, successor: deprecation.successor },
  };
}

/** `@deprecated` of a generated function: the deprecation of the first of its messages that has one. */
function deprecatedTag(api: MessagingApiIR, op: MessageOperationIR, list: readonly MessageIR[], channel: ChannelIR): string | undefined {
  for (const message of list) {
    const deprecation = messageDeprecation(api, op, message, channel);
    if (!deprecation) continue;
    const facts = [
      list.length > 1 ? `message ${message.key}` : undefined,
      deprecation.sunset && `sunset ${deprecation.sunset}`,
      deprecation.successor && `use ${deprecation.successor}`,
    ].filter(Boolean);
    return `@deprecated${facts.length > 0 ? ` ${facts.join('; ')}` : ''}`;
  }
  return undefined;
}

/** The CloudEvents `type` a message is sent with: its example's, or `<api>.<name>`. */
export function cloudEventType(message: MessageIR, api: MessagingApiIR): string {
  return message.cloudEventType ?? `${slug(api.title)}.${message.name ?? message.key}`;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** `Name` of an operation's types: `receiveDeliveryEvents` → `ReceiveDeliveryEvents` (operation names are unique identifiers). */
const typeName = (op: MessageOperationIR) => op.name[0]!.toUpperCase() + op.name.slice(1);

/** One envelope per message, each with its literal CloudEvents `type`, so `switch (envelope.type)` narrows `data`. */
function envelopeUnion(list: readonly MessageIR[], api: MessagingApiIR): ts.TypeNode {
  return union(list.map((m) => typeRef('Envelope', [typeRef(m.typeName, undefined, T), literalOf(cloudEventType(m, api))], RT)));
}

/**
 * `<Op>Params` (the parameters of the operation's channel address) and `<Op>Envelope` (its
 * messages, discriminated by `type`), which its send functions and handler slots use.
 */
function operationTypes(
  api: MessagingApiIR,
  op: MessageOperationIR,
  channel: ChannelIR,
  messages: ReadonlyMap<string, MessageIR>,
): ts.Statement[] {
  const name = typeName(op);
  const params = f.createTypeAliasDeclaration(exportMod, `${name}Params`, undefined, paramsType(channel));
  const envelope = f.createTypeAliasDeclaration(
    exportMod,
    `${name}Envelope`,
    undefined,
    envelopeUnion(
      op.messages.map((k) => messages.get(k)!),
      api,
    ),
  );
  return [
    withDoc(params, [`The parameters of \`${channel.address}\`, the channel of \`${op.name}\`.`]),
    withDoc(envelope, [`The messages of \`${op.name}\`${op.messages.length > 1 ? ': `switch (envelope.type)` narrows `data`' : ''}.`]),
  ];
}

function view(
  api: MessagingApiIR,
  name: string,
  side: 'owner' | 'peer',
  channels: ReadonlyMap<string, ChannelIR>,
  messages: ReadonlyMap<string, MessageIR>,
): ts.Statement {
  const members = api.operations.map((op) => {
    const action = side === 'owner' ? op.action : op.action === 'send' ? 'receive' : 'send';
    const channel = channels.get(op.channel)!;
    const params = typeRef(`${typeName(op)}Params`);
    const envelope = typeRef(`${typeName(op)}Envelope`);
    const sent = op.messages.map((k) => messages.get(k)!);
    const replies = (op.reply?.messages ?? []).map((k) => messages.get(k)!);
    const dataOf = (list: MessageIR[]) => union(list.map((m) => typeRef(m.typeName, undefined, T)));
    let signature: ts.MethodSignature;
    if (action === 'send') {
      const init = op.reply
        ? op.interactionStyle === 'publish-async-responses'
          ? sendInit({ deadlineMs: true, count: true })
          : sendInit({ timeoutMs: true })
        : typeRef('SendInit', undefined, RT);
      const result = !op.reply
        ? envelope
        : op.interactionStyle === 'publish-async-responses'
          ? f.createArrayTypeNode(parenthesized(envelopeUnion(replies, api)))
          : envelopeUnion(replies, api);
      signature = f.createMethodSignature(
        undefined,
        op.name,
        undefined,
        undefined,
        [param('params', params), param('data', payloadType(sent)), param('options', init, true)],
        typeRef('Promise', [result]),
      );
    } else {
      const answer = op.reply ? payloadType(replies) : f.createKeywordTypeNode(ts.SyntaxKind.VoidKeyword);
      const handler = f.createFunctionTypeNode(
        undefined,
        [param('envelope', envelope), param('context', typeRef('ChannelContext', [params], RT))],
        union([answer, typeRef('Promise', [answer])]),
      );
      const options = typeRef('HandlerOptions', [params, dataOf(sent), ...(op.reply ? [answer] : [])], RT);
      const peerOptions = f.createIntersectionTypeNode([
        options,
        f.createTypeLiteralNode([
          f.createPropertySignature(undefined, 'group', undefined, f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword)),
        ]),
      ]);
      signature = f.createMethodSignature(
        undefined,
        op.name,
        undefined,
        undefined,
        [param('handler', handler), param('options', side === 'peer' ? peerOptions : options, side === 'owner')],
        typeRef('Promise', [typeRef('Subscription', undefined, RT)]),
      );
    }
    const what =
      action === 'send'
        ? op.reply
          ? op.interactionStyle === 'publish-async-responses'
            ? 'Sends a request and gathers the replies'
            : 'Sends a request and awaits its reply'
          : 'Sends'
        : op.reply
          ? 'Answers requests'
          : 'Handles messages';
    return withDoc(signature, [
      `${what} on \`${channel.address}\`${op.interactionStyle ? ` (${op.interactionStyle})` : ''}.`,
      op.summary,
      deprecatedTag(api, op, sent, channel),
    ]);
  });
  return withDoc(f.createInterfaceDeclaration(exportMod, name, undefined, undefined, members), [
    side === 'owner' ? `${api.title}: the owner's operations.` : `${api.title}: the mirror, for services that talk to it.`,
  ]);
}

/** `(A | B)` where a union must be one operand (`(A | B)[]`). */
function parenthesized(type: ts.TypeNode): ts.TypeNode {
  return ts.isUnionTypeNode(type) ? f.createParenthesizedType(type) : type;
}

function paramsType(channel: ChannelIR): ts.TypeNode {
  if (channel.parameters.length === 0)
    return typeRef('Record', [f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword), f.createKeywordTypeNode(ts.SyntaxKind.NeverKeyword)]);
  return f.createTypeLiteralNode(
    channel.parameters.map((p) =>
      withDoc(
        f.createPropertySignature(
          undefined,
          key(p.name),
          undefined,
          p.schema.kind === 'enum'
            ? union(p.schema.values.map((v) => literalOf(String(v))))
            : f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
        ),
        [p.description],
      ),
    ),
  );
}

/** One message: its payload type; several: `{ message: 'Key'; data: T.Key }` for each. */
function payloadType(list: MessageIR[]): ts.TypeNode {
  if (list.length === 1) return typeRef(list[0]!.typeName, undefined, T);
  return union(
    list.map((m) =>
      f.createTypeLiteralNode([
        f.createPropertySignature(undefined, 'message', undefined, literalOf(m.key)),
        f.createPropertySignature(undefined, 'data', undefined, typeRef(m.typeName, undefined, T)),
      ]),
    ),
  );
}

function sendInit(extra: { timeoutMs?: boolean; deadlineMs?: boolean; count?: boolean }): ts.TypeNode {
  const members = Object.keys(extra).map((name) =>
    f.createPropertySignature(undefined, name, q(), f.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword)),
  );
  return f.createIntersectionTypeNode([typeRef('SendInit', undefined, RT), f.createTypeLiteralNode(members)]);
}

function param(name: string, type: ts.TypeNode, optional = false): ts.ParameterDeclaration {
  return f.createParameterDeclaration(undefined, undefined, name, optional ? q() : undefined, type);
}

function factory(name: string, type: string, side: 'owner' | 'peer', doc: string, service: string): ts.Statement {
  const groupFn = f.createArrowFunction(
    undefined,
    undefined,
    [param('operation', f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword))],
    undefined,
    undefined,
    f.createTemplateExpression(f.createTemplateHead(''), [
      f.createTemplateSpan(f.createIdentifier('prefix'), f.createTemplateMiddle('.')),
      f.createTemplateSpan(f.createIdentifier('operation'), f.createTemplateTail('')),
    ]),
  );
  const call = f.createCallExpression(member(RT, 'bindOperations'), undefined, [
    f.createIdentifier('messaging'),
    f.createIdentifier('operations'),
    f.createStringLiteral(side),
    groupFn,
  ]);
  const body = f.createBlock(
    [
      f.createReturnStatement(
        f.createAsExpression(f.createAsExpression(call, f.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword)), typeRef(type)),
      ),
    ],
    true,
  );
  const params = [
    param('messaging', typeRef('Messaging', undefined, RT)),
    f.createParameterDeclaration(
      undefined,
      undefined,
      'prefix',
      undefined,
      f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
      f.createStringLiteral(service),
    ),
  ];
  return withDoc(f.createFunctionDeclaration(exportMod, undefined, name, undefined, params, typeRef(type), body), [doc]);
}
