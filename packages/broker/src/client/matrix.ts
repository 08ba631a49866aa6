import type { HalClient } from './hal.ts';
import type { Notice } from './publish.ts';

/** One `--pacticipant` of can-i-deploy with what follows it on the command line. */
export interface MatrixSelector {
  pacticipant: string;
  version?: string;
  /** `--latest` (true) or `--latest <tag>` (the tag). */
  latest?: true | string;
  branch?: string;
  tags?: readonly string[];
  mainBranch?: boolean;
}

/** What can-i-deploy asks about the selected versions. */
export interface MatrixQuery {
  selectors: readonly MatrixSelector[];
  /** `--ignore <pacticipant> [--version <v>]`. */
  ignore?: readonly { pacticipant: string; version?: string }[];
  /** `--to-environment`. */
  environment?: string;
  /** `--to <tag>` (legacy tags). */
  to?: string;
  /** can-i-merge: against the main branches (`mainBranch=true`). */
  mainBranch?: boolean;
}

/** A row of the matrix: a consumer version, a provider version, and the verification of the pact between them. */
export interface MatrixRow {
  consumer: { name: string; version?: { number: string; branch?: string } | null };
  provider: { name: string; version?: { number: string; branch?: string } | null };
  verificationResult?: { success?: boolean | null; verifiedAt?: string; _links?: { self?: { href?: string } } } | null;
  verificationType?: string | null;
  [more: string]: unknown;
}

/** The broker's answer to `GET /matrix`. */
export interface MatrixResponse {
  summary?: { deployable?: boolean | null; reason?: string; success?: number; failed?: number; unknown?: number; ignored?: number };
  notices?: Notice[];
  matrix?: MatrixRow[];
  [more: string]: unknown;
}

/** Percent-encoding of everything but RFC 3986's unreserved characters, as the official CLI's `urlencoding::encode`. */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The path and query of `GET /matrix` exactly as the official `pact-broker can-i-deploy` (and
 * can-i-merge) builds it: literal brackets, repeated keys in command-line order (a `q[][pacticipant]`
 * starts a selector), then ignores, `tag`, `latestby` (`cvpv` for an environment or several
 * selectors, else `cvp` with `latest=true`), `environment` and `mainBranch`.
 * @example matrixPath({ selectors: [{ pacticipant: 'web', version: '1.0.0' }], environment: 'production' })
 * // '/matrix?q[][pacticipant]=web&q[][version]=1.0.0&latestby=cvpv&environment=production'
 */
export function matrixPath(query: MatrixQuery): string {
  const parts: string[] = [];
  for (const selector of query.selectors) {
    parts.push(`q[][pacticipant]=${encode(selector.pacticipant)}`);
    if (selector.version !== undefined) parts.push(`q[][version]=${encode(selector.version)}`);
    if (selector.latest !== undefined) {
      parts.push('q[][latest]=true');
      if (typeof selector.latest === 'string' && selector.latest !== '') parts.push(`q[][tag]=${encode(selector.latest)}`);
    }
    if (selector.branch !== undefined) parts.push(`q[][branch]=${encode(selector.branch)}`);
    for (const tag of selector.tags ?? []) parts.push(`q[][tag]=${encode(tag)}`);
    if (selector.mainBranch) parts.push('q[][mainBranch]=true');
  }
  for (const ignore of query.ignore ?? []) {
    parts.push(`ignore[][pacticipant]=${encode(ignore.pacticipant)}`);
    if (ignore.version !== undefined) parts.push(`ignore[][version]=${encode(ignore.version)}`);
  }
  if (query.to !== undefined) parts.push(`tag=${encode(query.to)}`);
  const byVersion = query.environment !== undefined || query.selectors.length > 1;
  parts.push(byVersion ? 'latestby=cvpv' : 'latestby=cvp');
  if (query.environment !== undefined) parts.push(`environment=${encode(query.environment)}`);
  if (query.environment === undefined && query.selectors.length === 1) parts.push('latest=true');
  if (query.mainBranch) parts.push('mainBranch=true');
  return `/matrix?${parts.join('&')}`;
}

/** Polling while the answer is unknown (`--retry-while-unknown N --retry-interval S`). */
export interface MatrixRetry {
  times: number;
  intervalMs: number;
  /** Called before each wait (for a progress line). */
  onRetry?: (attempt: number) => void;
}

/**
 * Asks the broker's matrix whether the selected versions can be deployed; with `retry`, asks again
 * while `summary.deployable` is null (verifications still running), up to `retry.times` more times.
 */
export async function queryMatrix(client: HalClient, query: MatrixQuery, retry?: MatrixRetry): Promise<MatrixResponse> {
  const path = matrixPath(query);
  for (let attempt = 0; ; attempt++) {
    const answer = await client.get<MatrixResponse>(path);
    const unknown = answer.summary?.deployable === null || answer.summary?.deployable === undefined;
    if (!retry || !unknown || attempt >= retry.times) return answer;
    retry.onRetry?.(attempt + 1);
    await new Promise((resolve) => setTimeout(resolve, retry.intervalMs));
  }
}
