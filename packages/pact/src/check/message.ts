import { messageDeprecation, type MessageIR, type MessageOperationIR } from '@apilife/contract';
import type { Validate } from './compile.ts';
import { type FindingSink, token } from './findings.ts';
import { clip, judgeBody, type BodyFinding } from './judge-body.ts';
import type { MessageInteraction, PactMessage } from './model.ts';
import type { ProviderContracts } from './provider.ts';
import { safeTest } from './schema-walk.ts';

/** Metadata keys that describe the transport, not a header: judged against the message's content type and channel. */
const CONTENT_TYPE_KEYS = new Set(['contenttype', 'content-type', 'content_type']);
const CHANNEL_KEYS = new Set(['channel', 'address', 'destination', 'topic', 'queue', 'routingkey', 'subject-channel']);
/** Metadata keys that name the message type (CloudEvents `type` in binary mode, or prefixed). */
const TYPE_KEYS = ['ce-type', 'ce_type', 'type'];

interface Cause {
  code: 'message.payload.incompatible' | 'message.headers.incompatible' | 'message.content-type.incompatible';
  message: string;
  pointer: string;
}

interface Verdict {
  message: MessageIR;
  causes: Cause[];
  warnings: { finding: BodyFinding; pointer: string }[];
}

/**
 * Checks one message interaction against the provider's AsyncAPI contract: the operation it
 * references (`comments.references.AsyncAPI.operationId`, which pact-js `.reference()` writes) is
 * one the provider sends, or one it receives and replies to (the message is then one of its reply's
 * messages: the scheduler receiving drone-management's answers), or, without a reference, the send operations whose channel or message
 * type the metadata names (with a warning); the payload and headers must match one of the
 * operation's messages (payload by the matching rules; metadata against the headers schema, a
 * content type against the message's); a synchronous interaction needs the operation's reply.
 */
export function checkMessageInteraction(
  provider: ProviderContracts,
  interaction: MessageInteraction,
  sink: FindingSink,
  today: string,
): void {
  const p = interaction.pointer;
  const messaging = provider.messaging;
  if (!messaging) {
    sink.add(
      interaction,
      'message.operation.unknown',
      'error',
      `the provider "${provider.name}" has no AsyncAPI contract (a message interaction needs one in ${provider.folder})`,
      p,
    );
    return;
  }
  const api = messaging.api;
  const file = messaging.file;
  let operations: MessageOperationIR[];
  if (interaction.reference !== undefined) {
    const op = api.operations.find((o) => o.operationId === interaction.reference);
    if (!op) {
      sink.add(
        interaction,
        'message.operation.unknown',
        'error',
        `the provider's AsyncAPI has no operation "${clip(interaction.reference, 100)}"`,
        `${p}/comments/references/AsyncAPI/operationId`,
        {
          file,
          pointer: '/operations',
        },
      );
      return;
    }
    if (!interaction.sync && op.action !== 'send' && op.reply === undefined) {
      sink.add(
        interaction,
        'message.operation.unknown',
        'error',
        `operation "${op.operationId}" is one the provider receives (action: ${op.action}) and answers with no reply: the consumer cannot expect a message of it from this provider`,
        `${p}/comments/references/AsyncAPI/operationId`,
        { file: op.origin.file, pointer: `${op.origin.pointer}/action` },
      );
      return;
    }
    operations = [op];
  } else {
    operations = fallbackOperations(provider, interaction);
    sink.add(
      interaction,
      'message.references.missing',
      'warn',
      `the interaction names no AsyncAPI operation (pact-js: .reference('AsyncAPI', 'operationId', …)); matched by ${operations.length === 0 ? 'nothing' : `metadata against ${operations.map((o) => o.operationId).join(', ')}`}`,
      p,
    );
    if (operations.length === 0) {
      sink.add(
        interaction,
        'message.no.match',
        'error',
        `no operation the provider ${interaction.sync ? 'replies from' : 'sends'} matches this message`,
        p,
        { file, pointer: '/operations' },
      );
      return;
    }
  }

  if (interaction.sync) {
    const withReply = operations.filter((o) => o.reply !== undefined);
    if (withReply.length === 0) {
      const op = operations[0]!;
      sink.add(
        interaction,
        'message.reply.missing',
        'error',
        `operation "${op.operationId}" declares no reply; a synchronous interaction expects one`,
        `${p}/response`,
        op.origin,
      );
      return;
    }
    operations = withReply;
  }

  // The request (sync), the message (async), or the reply the provider sends to a request it receives (async, a receive operation's reply).
  const candidates = operations.flatMap((op) =>
    (!interaction.sync && op.action === 'receive' ? (op.reply?.messages ?? []) : op.messages).map((key) => ({
      op,
      message: messageByKey(api.messages, key),
    })),
  );
  const verdict = judgeAgainst(provider, interaction.message, candidates, interaction.sync ? 'request' : 'response');
  report(interaction, interaction.message, verdict, candidates, sink, interaction.sync ? 'request' : 'message');
  if (verdict.matched) lifecycle(provider, interaction, verdict.matched.op, verdict.matched.verdict.message, sink, today);
  else lifecycle(provider, interaction, operations[0]!, undefined, sink, today);

  // Replies (sync).
  for (const reply of interaction.replies) {
    const replyCandidates = operations.flatMap((op) =>
      (op.reply?.messages ?? []).map((key) => ({ op, message: messageByKey(api.messages, key) })),
    );
    const replyVerdict = judgeAgainst(provider, reply, replyCandidates, 'response');
    report(interaction, reply, replyVerdict, replyCandidates, sink, 'reply');
  }
}

type Candidate = { op: MessageOperationIR; message: MessageIR | undefined };

function judgeAgainst(
  provider: ProviderContracts,
  message: PactMessage,
  candidates: Candidate[],
  direction: 'request' | 'response',
): { matched?: { op: MessageOperationIR; verdict: Verdict }; verdicts: Verdict[] } {
  const verdicts: Verdict[] = [];
  let matched: { op: MessageOperationIR; verdict: Verdict } | undefined;
  for (const { op, message: m } of candidates) {
    if (!m) continue;
    const verdict = judgeMessage(provider, message, m, direction);
    verdicts.push(verdict);
    if (verdict.causes.length > 0) continue;
    // A message that declares everything the pact expects beats one that leaves some of it undeclared.
    if (verdict.warnings.length === 0) return { matched: { op, verdict }, verdicts };
    matched ??= { op, verdict };
  }
  return matched ? { matched, verdicts } : { verdicts };
}

function judgeMessage(provider: ProviderContracts, pact: PactMessage, m: MessageIR, direction: 'request' | 'response'): Verdict {
  const walker = provider.messaging!.walker;
  const causes: Cause[] = [];
  const warnings: Verdict['warnings'] = [];
  const contents = pact.contents;
  // Payload.
  if (contents?.json) {
    const validate: Validate | undefined = provider.messageSchema(m.payload, 'response');
    if (validate)
      for (const f of judgeBody({ value: contents.value, schema: m.payload, validate, walker, direction, rules: pact.rules.body })) {
        if (f.kind === 'unknown-property') warnings.push({ finding: f, pointer: `${contents.pointer}${f.pointer}` });
        else
          causes.push({
            code: 'message.payload.incompatible',
            message: `payload ${f.message}`,
            pointer: `${contents.pointer}${f.pointer}`,
          });
      }
  }
  // Metadata: the content type against the message's, headers against its headers schema.
  const headers = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(pact.metadata)) {
    const lower = key.toLowerCase();
    if (CONTENT_TYPE_KEYS.has(lower)) {
      if (typeof value === 'string' && essence(value) !== essence(m.contentType))
        causes.push({
          code: 'message.content-type.incompatible',
          message: `content type ${clip(value, 80)} is not the message's (${m.contentType})`,
          pointer: `${pact.pointer}/metadata/${token(key)}`,
        });
      continue;
    }
    if (CHANNEL_KEYS.has(lower)) continue;
    headers[key] = value;
  }
  // The message type (CloudEvents `type`) names the message: another message's type is not this one.
  const typeKey = Object.keys(headers).find((k) => TYPE_KEYS.includes(k.toLowerCase()));
  const typeValue = typeKey === undefined ? undefined : headers[typeKey];
  if (
    typeof typeValue === 'string' &&
    m.cloudEventType !== undefined &&
    typeValue !== m.cloudEventType &&
    !pact.rules.metadata.some((r) => String(r.tokens[0]).toLowerCase() === typeKey!.toLowerCase())
  )
    causes.push({
      code: 'message.headers.incompatible',
      message: `type ${JSON.stringify(clip(typeValue, 80))} is not the message's (${m.cloudEventType})`,
      pointer: `${pact.pointer}/metadata/${token(typeKey!)}`,
    });
  if (m.headers && Object.keys(headers).length > 0) {
    const validate = provider.messageSchema(m.headers, 'response');
    if (validate) {
      const rules = pact.rules.metadata.map((r) => ({ ...r, tokens: r.tokens.length > 0 ? [String(r.tokens[0])] : [] }));
      for (const f of judgeBody({
        value: headers,
        schema: m.headers,
        validate,
        walker,
        direction: 'response',
        rules: matchCase(rules, headers),
      })) {
        if (f.kind === 'unknown-property') warnings.push({ finding: f, pointer: `${pact.pointer}/metadata` });
        else causes.push({ code: 'message.headers.incompatible', message: `headers ${f.message}`, pointer: `${pact.pointer}/metadata` });
      }
    }
  }
  return { message: m, causes, warnings };
}

function report(
  interaction: MessageInteraction,
  pact: PactMessage,
  result: ReturnType<typeof judgeAgainst>,
  candidates: Candidate[],
  sink: FindingSink,
  what: 'message' | 'request' | 'reply',
): void {
  if (result.matched) {
    const { verdict } = result.matched;
    for (const w of verdict.warnings)
      sink.add(interaction, 'message.payload.property.unknown', 'warn', `${what} ${w.finding.message}`, w.pointer, verdict.message.origin);
    return;
  }
  const verdicts = result.verdicts;
  if (verdicts.length === 0) {
    sink.add(
      interaction,
      'message.no.match',
      'error',
      `the operation declares no message to judge this ${what} by`,
      pact.pointer,
      candidates[0]?.op.origin,
    );
    return;
  }
  // The closest candidate: the fewest causes.
  const best = [...verdicts].sort((a, b) => a.causes.length - b.causes.length)[0]!;
  const causes = verdicts.flatMap((v) => v.causes.map((c) => ({ code: c.code, message: c.message, messageKey: v.message.key })));
  const names = verdicts.map((v) => v.message.key).join(', ');
  sink.add(
    interaction,
    'message.no.match',
    'error',
    `the ${what} matches none of the operation's messages (${names}); closest ${best.message.key}: ${best.causes
      .slice(0, 3)
      .map((c) => c.message)
      .join('; ')}${best.causes.length > 3 ? `; and ${best.causes.length - 3} more` : ''}`,
    best.causes[0]?.pointer ?? pact.pointer,
    best.message.origin,
    { causes },
  );
}

function lifecycle(
  provider: ProviderContracts,
  interaction: MessageInteraction,
  op: MessageOperationIR,
  message: MessageIR | undefined,
  sink: FindingSink,
  today: string,
): void {
  const api = provider.messaging!.api;
  const channel = api.channels.find((c) => c.key === op.channel);
  const retired = op.lifecycle.retired || message?.lifecycle?.retired;
  const deprecation = message
    ? messageDeprecation(api, op, message, channel)
    : op.lifecycle.deprecated
      ? { sunset: op.lifecycle.sunset }
      : undefined;
  const place = message?.lifecycle?.deprecated || message?.lifecycle?.retired ? message.origin : op.origin;
  const name = message ? `message ${message.key} of ${op.operationId}` : `operation ${op.operationId}`;
  if (retired || (deprecation?.sunset !== undefined && deprecation.sunset <= today))
    sink.add(
      interaction,
      'operation.retired',
      'error',
      `${name} is retired${deprecation?.sunset ? ` (sunset ${deprecation.sunset})` : ''}`,
      interaction.pointer,
      place,
      deprecation?.sunset ? { sunset: deprecation.sunset } : {},
    );
  else if (deprecation)
    sink.add(
      interaction,
      'operation.deprecated',
      'warn',
      `${name} is deprecated${deprecation.sunset ? `; sunset ${deprecation.sunset}` : ' (no sunset named)'}`,
      interaction.pointer,
      place,
      deprecation.sunset ? { sunset: deprecation.sunset } : {},
    );
}

/** Without a reference: the operations (send, or with a reply for a synchronous interaction) whose channel address or message type the metadata names. */
/**
 * The AsyncAPI operations a message interaction is for, as `checkMessageInteraction` finds them:
 * the one its reference names (`comments.references.AsyncAPI.operationId`), else those whose
 * channel address or message type its metadata names (among the operations the provider sends,
 * or replies from for a synchronous one). Empty when the provider has no AsyncAPI contract or nothing fits.
 */
export function messageOperationsOf(provider: ProviderContracts, interaction: MessageInteraction): MessageOperationIR[] {
  if (!provider.messaging) return [];
  if (interaction.reference === undefined) return fallbackOperations(provider, interaction);
  return provider.messaging.api.operations.filter((o) => o.operationId === interaction.reference);
}

function fallbackOperations(provider: ProviderContracts, interaction: MessageInteraction): MessageOperationIR[] {
  const api = provider.messaging!.api;
  const pool = api.operations.filter((o) => (interaction.sync ? o.reply !== undefined : o.action === 'send'));
  const metadata = interaction.message.metadata;
  const lower = new Map(Object.entries(metadata).map(([k, v]) => [k.toLowerCase(), v] as const));
  const address = [...CHANNEL_KEYS].map((k) => lower.get(k)).find((v): v is string => typeof v === 'string');
  const type = TYPE_KEYS.map((k) => lower.get(k)).find((v): v is string => typeof v === 'string');
  if (address === undefined && type === undefined) return pool;
  return pool.filter((op) => {
    const channel = api.channels.find((c) => c.key === op.channel);
    if (address !== undefined && channel?.address !== undefined && addressMatches(channel.address, address)) return true;
    if (type !== undefined && op.messages.some((key) => messageByKey(api.messages, key)?.cloudEventType === type)) return true;
    return false;
  });
}

function addressMatches(template: string, address: string): boolean {
  const source = `^${template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^.]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('')}$`;
  return safeTest(source, address);
}

function messageByKey(messages: readonly MessageIR[], key: string): MessageIR | undefined {
  return messages.find((m) => m.key === key);
}

function essence(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** Metadata rules are read by lower-case name; give them the key as the pact writes it. */
function matchCase<R extends { tokens: (string | number)[] }>(rules: R[], headers: Record<string, unknown>): R[] {
  const keys = new Map(Object.keys(headers).map((k) => [k.toLowerCase(), k] as const));
  return rules.map((r) => ({ ...r, tokens: r.tokens.map((t, i) => (i === 0 ? (keys.get(String(t).toLowerCase()) ?? t) : t)) }));
}
