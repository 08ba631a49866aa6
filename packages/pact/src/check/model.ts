/**
 * A pact file as `apilife pact check` reads it: V2, V3 and V4 pacts normalised into one shape, each
 * part keeping the JSON pointer where it is written in the pact file (for `file:line`).
 */

/** One matcher of a matching rule, as written (`{ match: 'type', min: 1 }`, `{ match: 'regex', regex: '…' }`). */
export interface Matcher {
  match: string;
  regex?: string;
  min?: number;
  max?: number;
  format?: string;
  value?: unknown;
  [key: string]: unknown;
}

/** One parsed rule path (`$.items[*].id` → `['items', '*', 'id']`) with its matchers. */
export interface MatchingRule {
  /** The path as written in the pact (`$.items[*].id`). */
  expression: string;
  /** Tokens after `$`: names, array indices, and `*` for any key or index. */
  tokens: (string | number)[];
  matchers: Matcher[];
  combine: 'AND' | 'OR';
}

/** The matching rules of one part (body, header, query, metadata …), by category. */
export type RuleCategory = MatchingRule[];

/** A body (HTTP request or response body, message contents). */
export interface PactBody {
  /** The decoded value: parsed JSON for JSON content, text otherwise. */
  value: unknown;
  /** Content type: the V4 `contentType`, else the Content-Type header / metadata, when known. */
  contentType?: string;
  /** True when `value` is JSON (parsed, or a JSON content type). */
  json: boolean;
  /** JSON pointer of the body's value in the pact file. */
  pointer: string;
}

export interface ProviderStateUse {
  name: string;
  params?: unknown;
  /** JSON pointer of the state in the pact file. */
  pointer: string;
}

interface InteractionBase {
  /** Position in the pact's `interactions` (or V3 `messages`) array. */
  index: number;
  description: string;
  /** JSON pointer of the interaction in the pact file (`/interactions/3`). */
  pointer: string;
  states: ProviderStateUse[];
}

/** Headers by lower-case name: every value, and the name as written (for messages). */
export type HeaderMap = Map<string, { name: string; values: string[] }>;

export interface HttpRequest {
  method: string;
  /** As written, without the query. */
  path: string;
  /** Every value of each query key, in order (a dictionary without prototype). */
  query: Record<string, string[]>;
  headers: HeaderMap;
  body?: PactBody;
  rules: { body: RuleCategory; header: RuleCategory; query: RuleCategory; path: RuleCategory };
}

export interface HttpResponse {
  status: number;
  headers: HeaderMap;
  body?: PactBody;
  rules: { body: RuleCategory; header: RuleCategory };
  /** JSON pointer of the response in the pact file. */
  pointer: string;
}

export interface HttpInteraction extends InteractionBase {
  kind: 'http';
  request: HttpRequest;
  response: HttpResponse;
}

/** One message: its contents, metadata and rules (a V3 message, a V4 asynchronous message, or one side of a synchronous one). */
export interface PactMessage {
  contents?: PactBody;
  /** Metadata by key, as written. */
  metadata: Record<string, unknown>;
  rules: { body: RuleCategory; metadata: RuleCategory };
  pointer: string;
}

export interface MessageInteraction extends InteractionBase {
  kind: 'message';
  /** `Synchronous/Messages`: a request and its replies. */
  sync: boolean;
  /** `comments.references.AsyncAPI.operationId`, when the interaction names its operation. */
  reference?: string;
  /** The message the provider sends (asynchronous), or the request it receives (synchronous). */
  message: PactMessage;
  /** Synchronous: the replies the consumer expects. */
  replies: PactMessage[];
}

/** An interaction type apilife does not judge (a plugin's), kept so a report can say it was skipped. */
export interface OtherInteraction extends InteractionBase {
  kind: 'other';
  type: string;
}

export type PactInteraction = HttpInteraction | MessageInteraction | OtherInteraction;

/** A pact file, read and normalised. */
export interface PactFile {
  file: string;
  consumer: string;
  provider: string;
  /** Major version of the Pact specification: 2, 3 or 4. */
  specification: 2 | 3 | 4;
  interactions: PactInteraction[];
}
