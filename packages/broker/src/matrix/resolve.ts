import type { Sql } from '../store/db.ts';
import type { MatrixOptions, UnresolvedSelector } from './parse-query.ts';

/**
 * A selector with its pacticipant and one of its versions looked up (`matrix/resolved_selector.rb`).
 * A selector for several versions (a tag, an environment) resolves to one per version.
 */
export interface ResolvedSelector {
  type: 'specified' | 'inferred' | 'ignored';
  name: string;
  /** Null when no pacticipant has that name. */
  pacticipantId: number | null;
  /** Null for a name-only selector, and when no version matched (`versionMissing`). */
  versionId: number | null;
  versionNumber: string | null;
  versionMissing: boolean;
  onlyName: boolean;
  oneOfMany: boolean;
  /** Matched by an `ignore[]` selector: its rows are ignored. */
  ignore: boolean;
  original: UnresolvedSelector;
}

/** Two pacticipants with pacts between them; `required` when the consumer is being deployed (it needs the provider). */
export interface Integration {
  consumerId: number;
  consumerName: string;
  providerId: number;
  providerName: string;
  required: boolean;
}

const onlyName = (s: UnresolvedSelector) => !s.version && !s.latest && !s.branch && !s.tag && !s.environment && !s.mainBranch;

/** The versions a selector means, newest first (the pacticipant's main branch for `mainBranch`). */
const VERSIONS = `
SELECT v.id, v.number FROM versions v
WHERE v.pacticipant_id = $1
  AND ($2::text IS NULL OR v.number = $2)
  AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = v.id AND b.name = $3))
  AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM tags t WHERE t.version_id = v.id AND t.name = $4))
  AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM deployed_versions d JOIN environments e ON e.id = d.environment_id WHERE d.version_id = v.id AND d.currently_deployed AND e.name = $5)
                        OR EXISTS (SELECT 1 FROM released_versions r JOIN environments e ON e.id = r.environment_id WHERE r.version_id = v.id AND r.currently_supported AND e.name = $5))
  AND (NOT $6::boolean OR EXISTS (SELECT 1 FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id JOIN pacticipants p ON p.id = b.pacticipant_id
                                  WHERE bv.version_id = v.id AND b.name = p.main_branch))
ORDER BY v.id DESC`;

/**
 * Resolves selectors (`matrix/selector_resolver.rb`): each to one selector per version it
 * means (`latest` keeps the newest), or one with `versionMissing` when none matches; `ignoreBy`
 * marks those an `ignore[]` selector covers.
 */
export async function resolveSelectors(
  sql: Sql,
  selectors: UnresolvedSelector[],
  type: ResolvedSelector['type'],
  ignoreBy: readonly ResolvedSelector[] = [],
): Promise<ResolvedSelector[]> {
  const names = [...new Set(selectors.map((s) => s.pacticipant ?? ''))];
  const ids = new Map(
    (await sql.query<{ id: string | number; name: string }>('SELECT id, name FROM pacticipants WHERE name = ANY($1::text[])', [names])).map(
      (r) => [r.name, Number(r.id)],
    ),
  );
  const ignored = (pacticipantId: number, versionId: number | null) =>
    ignoreBy.some((i) => i.pacticipantId === pacticipantId && (i.onlyName || (versionId !== null && i.versionId === versionId)));
  const resolved: ResolvedSelector[] = [];
  for (const original of selectors) {
    const name = original.pacticipant ?? '';
    const pacticipantId = ids.get(name) ?? null;
    const base = { type, name, pacticipantId, onlyName: onlyName(original), original, oneOfMany: false };
    if (pacticipantId === null) {
      resolved.push({ ...base, versionId: null, versionNumber: original.version ?? null, versionMissing: !base.onlyName, ignore: false });
      continue;
    }
    if (base.onlyName) {
      resolved.push({ ...base, versionId: null, versionNumber: null, versionMissing: false, ignore: ignored(pacticipantId, null) });
      continue;
    }
    let versions = await sql.query<{ id: string | number; number: string }>(VERSIONS, [
      pacticipantId,
      original.version ?? null,
      original.branch ?? null,
      original.tag ?? null,
      original.environment ?? null,
      original.mainBranch === true,
    ]);
    if (original.latest) versions = versions.slice(0, 1);
    if (versions.length === 0) {
      resolved.push({
        ...base,
        versionId: null,
        versionNumber: original.version ?? null,
        versionMissing: true,
        ignore: ignored(pacticipantId, null),
      });
      continue;
    }
    for (const v of [...versions].reverse())
      resolved.push({
        ...base,
        versionId: Number(v.id),
        versionNumber: v.number,
        versionMissing: false,
        oneOfMany: versions.length > 1,
        ignore: ignored(pacticipantId, Number(v.id)),
      });
  }
  return resolved;
}

/** The pacts a version set's consumers have: integrations where the specified side is the consumer (it needs its providers). */
const AS_CONSUMER = `
SELECT DISTINCT c.id AS consumer_id, c.name AS consumer_name, p.id AS provider_id, p.name AS provider_name
FROM pact_publications pp
JOIN versions v ON v.id = pp.consumer_version_id
JOIN pacticipants c ON c.id = v.pacticipant_id
JOIN pacticipants p ON p.id = pp.provider_id
WHERE pp.consumer_version_id = ANY($1::bigint[]) OR v.pacticipant_id = ANY($2::bigint[])`;

/** Every consumer that ever had a pact with the specified providers (they may be in the target environment). */
const AS_PROVIDER = `
SELECT DISTINCT c.id AS consumer_id, c.name AS consumer_name, p.id AS provider_id, p.name AS provider_name
FROM pact_contents pc
JOIN pacticipants c ON c.id = pc.consumer_id
JOIN pacticipants p ON p.id = pc.provider_id
WHERE pc.provider_id = ANY($1::bigint[])`;

interface IntegrationRow {
  consumer_id: string | number;
  consumer_name: string;
  provider_id: string | number;
  provider_name: string;
}

const toIntegration = (r: IntegrationRow, required: boolean): Integration => ({
  consumerId: Number(r.consumer_id),
  consumerName: r.consumer_name,
  providerId: Number(r.provider_id),
  providerName: r.provider_name,
  required,
});

/**
 * The integrations a query involves (`matrix/integrations_repository.rb`): with a destination
 * (or one selector), every integration of the specified versions — required where they are the
 * consumer; otherwise only those between the specified pacticipants.
 */
export async function findIntegrations(sql: Sql, specified: readonly ResolvedSelector[], infer: boolean): Promise<Integration[]> {
  const versionIds = specified.filter((s) => s.versionId !== null).map((s) => s.versionId);
  const nameOnlyIds = specified.filter((s) => s.onlyName && s.pacticipantId !== null).map((s) => s.pacticipantId);
  const asConsumer = (await sql.query<IntegrationRow>(AS_CONSUMER, [versionIds, nameOnlyIds])).map((r) => toIntegration(r, true));
  const specifiedIds = new Set(specified.map((s) => s.pacticipantId));
  let integrations: Integration[];
  if (infer || specified.length === 1) {
    const providerIds = [...specifiedIds].filter((id) => id !== null);
    const asProvider = (await sql.query<IntegrationRow>(AS_PROVIDER, [providerIds])).map((r) => toIntegration(r, false));
    integrations = [...asConsumer, ...asProvider];
  } else integrations = asConsumer.filter((i) => specifiedIds.has(i.providerId));
  const byPair = new Map<string, Integration>();
  for (const i of integrations) {
    const key = `${i.consumerId}/${i.providerId}`;
    if (!byPair.has(key) || (i.required && !byPair.get(key)!.required)) byPair.set(key, i);
  }
  return [...byPair.values()].sort((a, b) => `${a.consumerName}/${a.providerName}`.localeCompare(`${b.consumerName}/${b.providerName}`));
}

/** Selectors for the other side of each integration, at the query's destination (`--to-environment`, `--to`, main branch, latest). */
export function inferredSelectors(
  integrations: readonly Integration[],
  specified: readonly ResolvedSelector[],
  options: MatrixOptions,
): UnresolvedSelector[] {
  const specifiedNames = new Set(specified.map((s) => s.name));
  const names = [...new Set(integrations.flatMap((i) => [i.consumerName, i.providerName]))].filter((n) => !specifiedNames.has(n));
  return names.map((pacticipant) => ({
    pacticipant,
    ...(options.tag ? { tag: options.tag } : {}),
    ...(options.mainBranch ? { mainBranch: true as const } : {}),
    ...(options.latest ? { latest: true as const } : {}),
    ...(options.environment ? { environment: options.environment } : {}),
  }));
}
