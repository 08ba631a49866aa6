import { relative } from 'node:path';
import {
  InputError,
  type ContractStore,
  isApiDeprecated,
  LIFECYCLE_STAGES,
  loadContracts,
  placeText,
  sunsetReached,
  toPointer,
  type ContractDocument,
  type Diagnostic,
  type Lifecycle,
  type LifecycleStage,
  type ProjectConfig,
} from '@apilife/contract';
import { readWaivers, type Waiver } from './waivers.ts';

/** One operation's place in its lifecycle. */
export interface OperationStatus {
  /** operationId, else `GET /path` (or the AsyncAPI operation's key). */
  name: string;
  method: string;
  route: string;
  stage?: string;
  deprecated: boolean;
  /** Day it was deprecated (`x-lifecycle.deprecated`), YYYY-MM-DD. */
  deprecatedAt?: string;
  sunset?: string;
  successor?: string;
  /** JSON pointer to the operation in its file. */
  pointer: string;
  file: string;
}

/** One contract (an API) as `apilife lifecycle status` lists it. */
export interface ApiStatus {
  /** The entry document (absolute). */
  file: string;
  /** Relative to the contracts root: `delivery/openapi.yaml`. */
  path: string;
  /** The service folder: `delivery`. */
  service: string;
  kind: 'openapi' | 'asyncapi';
  title: string;
  version: string;
  stage?: string;
  owner?: string;
  /** The whole API is deprecated by its `info.x-lifecycle` (`isApiDeprecated`: stage deprecated or retired, or a sunset). */
  deprecated: boolean;
  sunset?: string;
  successor?: string;
  operations: OperationStatus[];
  waivers: Waiver[];
  document: ContractDocument;
}

/**
 * Every API under the contracts root (or the given files) with its stage, version, owner and the
 * lifecycle of each operation, read from `info.x-lifecycle` and each operation's `x-lifecycle`.
 */
export async function listApis(
  config: ProjectConfig,
  files?: readonly string[],
  options: { unreadable?: 'throw' | 'skip'; store?: ContractStore } = {},
): Promise<ApiStatus[]> {
  const { model, contracts, diagnostics } = await loadContracts({
    root: config.contracts,
    allow: config.lint.allowRefs,
    limits: config.lint.limits,
    ...(files ? { files } : {}),
    ...(options.store ? { store: options.store } : {}),
  });
  if (options.unreadable !== 'skip') {
    // A contract that cannot be read would otherwise be missing from every list: not there, not overdue, "removed".
    const read = new Set(contracts.flatMap((c) => c.files.map((f) => f.file)));
    const unreadable = diagnostics.filter((d) => d.severity === 'error' && UNREADABLE.has(d.code) && !read.has(d.file));
    if (unreadable.length > 0) {
      const where = (d: Diagnostic) => `${placeText(relative(config.dir, d.file) || d.file, d.range.start)}: ${d.message}`;
      throw new InputError(
        `${unreadable.length === 1 ? 'a file under the contracts root cannot be read' : `${unreadable.length} files under the contracts root cannot be read`}: ${unreadable.map(where).join('; ')}`,
        unreadable[0]!.file,
        { code: 'unreadable-contract' },
      );
    }
  }
  return model.documents
    .filter((d): d is ContractDocument & { kind: 'openapi' | 'asyncapi' } => d.kind !== 'swagger')
    .map((document) => apiStatus(document, config.contracts))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Loader findings that leave a file unread (a Swagger 2.0 or AsyncAPI 2 document too: `loadContract` does not read it). */
const UNREADABLE = new Set(['parse-error', 'max-depth', 'file-too-large', 'file-unreadable', 'unsupported-contract']);

function apiStatus(document: ContractDocument & { kind: 'openapi' | 'asyncapi' }, root: string): ApiStatus {
  const lifecycle = document.lifecycle;
  const status: ApiStatus = {
    file: document.file,
    path: relative(root, document.file).split('\\').join('/'),
    service: document.service,
    kind: document.kind,
    title: document.title ?? document.service,
    version: document.version ?? '',
    deprecated: isApiDeprecated(lifecycle),
    operations: document.operations.map((op) => {
      const name = op.operationId ?? (op.protocol === 'http' ? `${op.method.toUpperCase()} ${op.route}` : String(op.at.path.at(-1)));
      const result: OperationStatus = {
        name,
        method: op.method,
        route: op.route,
        deprecated: op.deprecated,
        pointer: toPointer(op.at.path),
        file: op.at.file,
      };
      Object.assign(result, lifecycleFields(op.lifecycle));
      return result;
    }),
    waivers: lifecycle ? readWaivers(lifecycle) : [],
    document,
  };
  Object.assign(status, lifecycleFields(lifecycle));
  if (lifecycle?.owner !== undefined) status.owner = lifecycle.owner;
  return status;
}

function lifecycleFields(lifecycle: Lifecycle | undefined): Pick<OperationStatus, 'stage' | 'deprecatedAt' | 'sunset' | 'successor'> {
  if (!lifecycle) return {};
  const fields: Pick<OperationStatus, 'stage' | 'deprecatedAt' | 'sunset' | 'successor'> = {};
  if (lifecycle.stage !== undefined) fields.stage = lifecycle.stage;
  if (lifecycle.sunset !== undefined) fields.sunset = lifecycle.sunset;
  if (lifecycle.successor !== undefined) fields.successor = lifecycle.successor;
  if (lifecycle.deprecatedAt !== undefined) fields.deprecatedAt = lifecycle.deprecatedAt;
  return fields;
}

/** True when the operation is deprecated, not retired, and its sunset has come (the generated server already answers it 410). */
export const isOverdue = (op: OperationStatus, today: string): boolean =>
  op.deprecated && op.stage !== 'retired' && sunsetReached(op.sunset, today);

/**
 * The stage whose policy holds for the API: `info.x-lifecycle.stage`, or `maintain` (the strictest
 * before deprecation) when it has none or an unknown one.
 */
export const stageOf = (api: Pick<ApiStatus, 'stage'>): LifecycleStage =>
  (LIFECYCLE_STAGES as readonly string[]).includes(api.stage ?? '') ? (api.stage as LifecycleStage) : 'maintain';
