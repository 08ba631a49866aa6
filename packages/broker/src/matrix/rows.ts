import type { Sql } from '../store/db.ts';
import type { ResolvedSelector } from './resolve.ts';

/**
 * One matrix row: a consumer version's pact with a provider, and the latest verification of that
 * pact's content by one provider version (none: `providerVersion*` and `success` are null).
 */
export interface MatrixRow {
  consumerId: number;
  consumerName: string;
  consumerVersionId: number;
  consumerVersion: string;
  providerId: number;
  providerName: string;
  providerVersionId: number | null;
  providerVersion: string | null;
  sha: string;
  pactCreatedAt: Date;
  verificationId: number | null;
  success: boolean | null;
  verifiedAt: Date | null;
}

interface RowRecord {
  consumer_id: string | number;
  consumer_name: string;
  consumer_version_id: string | number;
  consumer_version: string;
  provider_id: string | number;
  provider_name: string;
  provider_version_id: string | number | null;
  provider_version: string | null;
  sha: string;
  pact_created_at: Date | string;
  verification_id: string | number | null;
  success: boolean | null;
  verified_at: Date | string | null;
}

/**
 * The rows of the publications chosen by `pubsWhere`, each with the latest verification of its
 * content by every provider version `verifiedWhere` allows (left joined: a pact nobody allowed
 * verified is still a row). `$1` version ids, `$2` pacticipant ids of name-only selectors, `$3`
 * more pacticipant ids; the provider versions (`pv`) are joined for name-only selectors only.
 */
function rowsSql(pubsWhere: string, verifiedWhere: string, rowsWhere: string, nameOnly: boolean): string {
  return `
WITH pubs AS (
  SELECT pp.consumer_version_id, pp.provider_id, pp.pact_content_id, pp.created_at, v.pacticipant_id AS consumer_id, v.number
  FROM pact_publications pp JOIN versions v ON v.id = pp.consumer_version_id
  WHERE ${pubsWhere}
), verified AS (
  SELECT DISTINCT ON (vf.pact_content_id, vf.provider_version_id) vf.id, vf.pact_content_id, vf.provider_version_id, vf.success, vf.created_at
  FROM verifications vf${nameOnly ? ' JOIN versions pv ON pv.id = vf.provider_version_id' : ''}
  WHERE vf.pact_content_id IN (SELECT pact_content_id FROM pubs) AND (${verifiedWhere})
  ORDER BY vf.pact_content_id, vf.provider_version_id, vf.id DESC
)
SELECT p.consumer_id, c.name AS consumer_name, p.consumer_version_id, p.number AS consumer_version,
       p.provider_id, pr.name AS provider_name, x.provider_version_id, pv.number AS provider_version,
       pc.sha, p.created_at AS pact_created_at, x.id AS verification_id, x.success, x.created_at AS verified_at
FROM pubs p
JOIN pacticipants c ON c.id = p.consumer_id
JOIN pacticipants pr ON pr.id = p.provider_id
JOIN pact_contents pc ON pc.id = p.pact_content_id
LEFT JOIN verified x ON x.pact_content_id = p.pact_content_id
LEFT JOIN versions pv ON pv.id = x.provider_version_id
WHERE ${rowsWhere}`;
}

const toRow = (r: RowRecord): MatrixRow => ({
  consumerId: Number(r.consumer_id),
  consumerName: r.consumer_name,
  consumerVersionId: Number(r.consumer_version_id),
  consumerVersion: r.consumer_version,
  providerId: Number(r.provider_id),
  providerName: r.provider_name,
  providerVersionId: r.provider_version_id === null ? null : Number(r.provider_version_id),
  providerVersion: r.provider_version,
  sha: r.sha,
  pactCreatedAt: new Date(r.pact_created_at),
  verificationId: r.verification_id === null ? null : Number(r.verification_id),
  success: r.success,
  verifiedAt: r.verified_at === null ? null : new Date(r.verified_at),
});

/** `col = ANY($n)` for version ids, `OR pacticipant = ANY($m)` only when there are name-only selectors (keeps the index usable). */
function matching(versionColumn: string, pacticipantColumn: string, nameOnly: boolean): string {
  return nameOnly
    ? `(${versionColumn} = ANY($1::bigint[]) OR ${pacticipantColumn} = ANY($2::bigint[]))`
    : `${versionColumn} = ANY($1::bigint[])`;
}

/**
 * The matrix rows of resolved selectors (`matrix_row_dataset_module.rb`). With one selector, the
 * rows where its versions are the consumer or a verifying provider; with more, only pacts between
 * the selectors' versions, with verifications by the selectors' provider versions, and only rows
 * touching a specified pacticipant.
 */
export async function queryRows(sql: Sql, selectors: readonly ResolvedSelector[]): Promise<MatrixRow[]> {
  const live = selectors.filter((s) => s.pacticipantId !== null && !s.versionMissing);
  const versionIds = live.filter((s) => s.versionId !== null).map((s) => s.versionId);
  const nameOnlyIds = live.filter((s) => s.onlyName).map((s) => s.pacticipantId);
  const nameOnly = nameOnlyIds.length > 0;
  if (selectors.length === 1) {
    if (live.length === 0) return [];
    const asConsumer = rowsSql(matching('pp.consumer_version_id', 'v.pacticipant_id', nameOnly), 'true', 'true', nameOnly);
    const asProvider = rowsSql(
      `pp.pact_content_id IN (SELECT vf.pact_content_id FROM verifications vf JOIN versions pv ON pv.id = vf.provider_version_id WHERE ${matching('vf.provider_version_id', 'pv.pacticipant_id', nameOnly)})`,
      matching('vf.provider_version_id', 'pv.pacticipant_id', nameOnly),
      'x.id IS NOT NULL',
      nameOnly,
    );
    const params = nameOnly ? [versionIds, nameOnlyIds] : [versionIds];
    const rows = [...(await sql.query<RowRecord>(asConsumer, params)), ...(await sql.query<RowRecord>(asProvider, params))];
    const seen = new Set<string>();
    return rows.map(toRow).filter((r) => {
      const key = `${r.consumerVersionId}/${r.providerId}/${r.verificationId}`;
      return !seen.has(key) && seen.add(key) !== undefined;
    });
  }
  const allIds = [...new Set(selectors.filter((s) => s.pacticipantId !== null).map((s) => s.pacticipantId))];
  const specifiedIds = [
    ...new Set(selectors.filter((s) => s.type === 'specified' && s.pacticipantId !== null).map((s) => s.pacticipantId)),
  ];
  const n = nameOnly ? 3 : 2;
  const query = rowsSql(
    `${matching('pp.consumer_version_id', 'v.pacticipant_id', nameOnly)} AND pp.provider_id = ANY($${n}::bigint[])`,
    matching('vf.provider_version_id', 'pv.pacticipant_id', nameOnly),
    `p.consumer_id = ANY($${n + 1}::bigint[]) OR p.provider_id = ANY($${n + 1}::bigint[])`,
    nameOnly,
  );
  const params = nameOnly ? [versionIds, nameOnlyIds, allIds, specifiedIds] : [versionIds, allIds, specifiedIds];
  return (await sql.query<RowRecord>(query, params)).map(toRow);
}

/** Whether `a` is a later row than `b`: by consumer version (when asked), then provider version. */
function newer(a: MatrixRow, b: MatrixRow, byConsumerVersion: boolean): boolean {
  if (byConsumerVersion && a.consumerVersionId !== b.consumerVersionId) return a.consumerVersionId > b.consumerVersionId;
  return (a.providerVersionId ?? -1) > (b.providerVersionId ?? -1);
}

/**
 * Keeps the latest row per group (`latestby`): `cvpv` one per consumer version and provider
 * version (the query already answers that), `cvp` per consumer version and provider, `cp` per
 * consumer and provider; a row without verification stands for its group.
 */
export function applyLatestBy(rows: MatrixRow[], latestby: string | undefined): MatrixRow[] {
  if (latestby !== 'cvp' && latestby !== 'cp') return rows;
  const groups = new Map<string, MatrixRow>();
  for (const row of rows) {
    const key = latestby === 'cvp' ? `${row.consumerVersionId}/${row.providerId}` : `${row.consumerId}/${row.providerId}`;
    const kept = groups.get(key);
    if (!kept || newer(row, kept, latestby === 'cp')) groups.set(key, row);
  }
  return [...groups.values()];
}
