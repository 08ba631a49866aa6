import type { Sql } from '../store/db.ts';
import type { PacticipantIds } from './lookups.ts';
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

/**
 * The SQL of the versions a selector's criteria mean for some pacticipants (`$1`, ids), newest
 * first per pacticipant, with only the criteria present (so each runs on its index): a number, a
 * branch, a tag, an environment (deployed or released there), the main branch; `latest` keeps one each.
 */
function versionsSql(s: UnresolvedSelector): { text: string; values: unknown[] } {
  const where = ['v.pacticipant_id = ANY($1::bigint[])'];
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length + 1}`;
  };
  if (s.version) where.push(`v.number = ${param(s.version)}`);
  if (s.branch)
    where.push(
      `v.id IN (SELECT bv.version_id FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE b.pacticipant_id = v.pacticipant_id AND b.name = ${param(s.branch)})`,
    );
  if (s.tag) where.push(`v.id IN (SELECT t.version_id FROM tags t WHERE t.name = ${param(s.tag)})`);
  if (s.environment) {
    const env = param(s.environment);
    where.push(`(EXISTS (SELECT 1 FROM deployed_versions d JOIN environments e ON e.id = d.environment_id WHERE d.version_id = v.id AND d.currently_deployed AND e.name = ${env})
                 OR EXISTS (SELECT 1 FROM released_versions r JOIN environments e ON e.id = r.environment_id WHERE r.version_id = v.id AND r.currently_supported AND e.name = ${env}))`);
  }
  if (s.mainBranch)
    where.push(`v.id IN (SELECT bv.version_id FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id JOIN pacticipants p ON p.id = b.pacticipant_id
                         WHERE b.pacticipant_id = v.pacticipant_id AND b.name = p.main_branch)`);
  const distinct = s.latest ? 'DISTINCT ON (v.pacticipant_id) ' : '';
  return {
    text: `SELECT ${distinct}v.pacticipant_id, v.id, v.number FROM versions v WHERE ${where.join(' AND ')} ORDER BY v.pacticipant_id, v.id DESC`,
    values,
  };
}

/**
 * The versions of each selector, looked up together for selectors with the same criteria (the
 * inferred ones differ only in the pacticipant): one query per set of criteria.
 */
async function versionsOf(
  sql: Sql,
  selectors: readonly { original: UnresolvedSelector; pacticipantId: number }[],
): Promise<Map<UnresolvedSelector, { id: number; number: string }[]>> {
  const groups = new Map<string, { original: UnresolvedSelector; pacticipantId: number }[]>();
  for (const s of selectors) {
    const { pacticipant: _, ...criteria } = s.original;
    const key = JSON.stringify(criteria);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const found = new Map<UnresolvedSelector, { id: number; number: string }[]>();
  for (const group of groups.values()) {
    const { text, values } = versionsSql(group[0]!.original);
    const rows = await sql.query<{ pacticipant_id: string | number; id: string | number; number: string }>(text, [
      [...new Set(group.map((s) => s.pacticipantId))],
      ...values,
    ]);
    for (const s of group)
      found.set(
        s.original,
        rows.filter((r) => Number(r.pacticipant_id) === s.pacticipantId).map((r) => ({ id: Number(r.id), number: r.number })),
      );
  }
  return found;
}

/**
 * Resolves selectors (`matrix/selector_resolver.rb`): each to one selector per version it
 * means (`latest` keeps the newest), or one with `versionMissing` when none matches; `ignoreBy`
 * marks those an `ignore[]` selector covers.
 */
export async function resolveSelectors(
  sql: Sql,
  pacticipantIds: PacticipantIds,
  selectors: UnresolvedSelector[],
  type: ResolvedSelector['type'],
  ignoreBy: readonly ResolvedSelector[] = [],
): Promise<ResolvedSelector[]> {
  if (selectors.length === 0) return [];
  const { ids } = await pacticipantIds.lookup(selectors.map((s) => s.pacticipant ?? ''));
  const ignored = (pacticipantId: number, versionId: number | null) =>
    ignoreBy.some((i) => i.pacticipantId === pacticipantId && (i.onlyName || (versionId !== null && i.versionId === versionId)));
  const withVersions = selectors
    .filter((s) => !onlyName(s) && ids.has(s.pacticipant ?? ''))
    .map((original) => ({ original, pacticipantId: ids.get(original.pacticipant ?? '')! }));
  const versionsBySelector = await versionsOf(sql, withVersions);
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
    const versions = versionsBySelector.get(original) ?? [];
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
        versionId: v.id,
        versionNumber: v.number,
        versionMissing: false,
        oneOfMany: versions.length > 1,
        ignore: ignored(pacticipantId, v.id),
      });
  }
  return resolved;
}

/**
 * The integrations of the specified versions in one query: as consumer, the providers of the pacts
 * of the versions or of every version of name-only consumers, required; and, when `asProvider`,
 * every consumer that ever had a pact with the specified pacticipants (they may be at the
 * destination), not required; without `asProvider`, only the pacts with the specified pacticipants.
 * Names come from the primary key per row (hashing every pacticipant costs more at this size).
 */
function integrationsSql(
  versionIds: number[],
  nameOnlyIds: number[],
  specifiedIds: number[],
  asProvider: boolean,
): { text: string; values: unknown[] } {
  const values: unknown[] = [versionIds];
  const param = (value: unknown) => `$${values.push(value)}`;
  let asConsumer = 'pp.consumer_version_id = ANY($1::bigint[])';
  if (nameOnlyIds.length > 0) asConsumer = `(${asConsumer} OR v.pacticipant_id = ANY(${param(nameOnlyIds)}::bigint[]))`;
  const specified = param(specifiedIds);
  const text = `
SELECT x.consumer_id, (SELECT name FROM pacticipants WHERE id = x.consumer_id) AS consumer_name,
       x.provider_id, (SELECT name FROM pacticipants WHERE id = x.provider_id) AS provider_name, bool_or(x.required) AS required
FROM (
  SELECT v.pacticipant_id AS consumer_id, pp.provider_id, true AS required
  FROM pact_publications pp JOIN versions v ON v.id = pp.consumer_version_id
  WHERE ${asConsumer}${asProvider ? '' : ` AND pp.provider_id = ANY(${specified}::bigint[])`}
  ${asProvider ? `UNION ALL SELECT pc.consumer_id, pc.provider_id, false FROM pact_contents pc WHERE pc.provider_id = ANY(${specified}::bigint[])` : ''}
) x
GROUP BY x.consumer_id, x.provider_id`;
  return { text, values };
}

/**
 * The integrations a query involves (`matrix/integrations_repository.rb`): with a destination
 * (or one selector), every integration of the specified versions — required where they are the
 * consumer; otherwise only those between the specified pacticipants.
 */
export async function findIntegrations(sql: Sql, specified: readonly ResolvedSelector[], infer: boolean): Promise<Integration[]> {
  const versionIds = specified.map((s) => s.versionId).filter((id) => id !== null);
  const nameOnlyIds = specified
    .filter((s) => s.onlyName)
    .map((s) => s.pacticipantId)
    .filter((id) => id !== null);
  const specifiedIds = [...new Set(specified.map((s) => s.pacticipantId).filter((id) => id !== null))];
  const { text, values } = integrationsSql(versionIds, nameOnlyIds, specifiedIds, infer || specified.length === 1);
  const rows = await sql.query<{
    consumer_id: string | number;
    consumer_name: string;
    provider_id: string | number;
    provider_name: string;
    required: boolean;
  }>(text, values);
  return rows
    .map((r) => ({
      consumerId: Number(r.consumer_id),
      consumerName: r.consumer_name,
      providerId: Number(r.provider_id),
      providerName: r.provider_name,
      required: r.required,
    }))
    .sort((a, b) => `${a.consumerName}/${a.providerName}`.localeCompare(`${b.consumerName}/${b.providerName}`));
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
