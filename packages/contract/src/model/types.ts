import type { JsonPath } from '../diagnostic.ts';
import type { ContractKind } from '../kind.ts';
import type { ParsedSource } from '../parse.ts';
import type { LifecycleFacts } from '../read/lifecycle.ts';

/** A value and where it was written: the file and the JSON path inside it (after following `$ref`s). */
export interface Located<T = unknown> {
  value: T;
  file: string;
  path: JsonPath;
}

/** Lifecycle stages of an API or an operation, in order. */
export const LIFECYCLE_STAGES = ['plan', 'design', 'develop', 'test', 'deploy', 'maintain', 'deprecated', 'retired'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** The `x-lifecycle` extension, on `info` (the API) or on an operation, as `readLifecycleFacts` reads it, and where it is written. */
export interface Lifecycle extends LifecycleFacts {
  raw: Located<Record<string, unknown>>;
}

/** The five styles of interaction between services, as contracts name them in `x-interaction-style`. */
export const INTERACTION_STYLES = [
  'request-response',
  'async-request-response',
  'one-way-notification',
  'publish-subscribe',
  'publish-async-responses',
] as const;
export type InteractionStyle = (typeof INTERACTION_STYLES)[number];

/** One contract file: an OpenAPI or AsyncAPI document and everything it references. */
export interface ContractDocument {
  file: string;
  kind: ContractKind;
  specVersion: string;
  /** The service it belongs to: the folder under the contracts root. */
  service: string;
  title?: string;
  version?: string;
  lifecycle?: Lifecycle;
  source: ParsedSource;
  /** The entry and every file it reaches through `$ref`. */
  files: ReadonlyMap<string, ParsedSource>;
  operations: Operation[];
  channels: Channel[];
  messages: Message[];
  /** Named schemas in `components.schemas`. */
  schemas: Located<Record<string, unknown>>[];
}

export interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema?: Located<Record<string, unknown>>;
  at: Located<Record<string, unknown>>;
}

export interface MediaContent {
  mediaType: string;
  schema?: Located<Record<string, unknown>>;
  at: Located<Record<string, unknown>>;
}

export interface Response {
  status: string;
  contents: MediaContent[];
  at: Located<Record<string, unknown>>;
}

/** An HTTP operation (OpenAPI) or a messaging operation (AsyncAPI). */
export interface Operation {
  protocol: 'http' | 'message';
  operationId?: string;
  /** HTTP method in lower case, or the AsyncAPI action (`send` | `receive`). */
  method: string;
  /** HTTP path template, or the channel address. */
  route: string;
  /** `deprecated: true`, or `x-lifecycle.stage` deprecated or retired (`isDeprecated`). */
  deprecated: boolean;
  lifecycle?: Lifecycle;
  interactionStyle?: string;
  parameters: Parameter[];
  requestBody?: { required: boolean; contents: MediaContent[]; at: Located<Record<string, unknown>> };
  responses: Response[];
  /** AsyncAPI: the messages the operation sends or receives. */
  messages: Message[];
  /** AsyncAPI: the reply, for request/reply operations. */
  reply?: { messages: Message[]; address?: string; at: Located<Record<string, unknown>> };
  at: Located<Record<string, unknown>>;
}

export interface Channel {
  id: string;
  address?: string;
  parameters: string[];
  messages: Message[];
  at: Located<Record<string, unknown>>;
}

export interface Message {
  id: string;
  name?: string;
  contentType?: string;
  payload?: Located<Record<string, unknown>>;
  headers?: Located<Record<string, unknown>>;
  correlationId?: Located<Record<string, unknown>>;
  at: Located<Record<string, unknown>>;
}

/** A service: its folder under the contracts root and its contracts. */
export interface Service {
  name: string;
  documents: ContractDocument[];
}

/** The one model every target works from: services, their operations, channels, messages and schemas. */
export interface ApiModel {
  root: string;
  services: Service[];
  documents: ContractDocument[];
}
