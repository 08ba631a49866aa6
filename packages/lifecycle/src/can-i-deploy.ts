import type { HalClient } from '@apilife/broker/client';

/** The broker's can-i-deploy answer for one pacticipant version and environment. */
export interface CanIDeployAnswer {
  /** `true` deployable, `false` not, `null` unknown (a verification is missing). */
  deployable: boolean | null;
  reason: string;
  /** The rows that are not a successful verification, as people read them. */
  blocking: string[];
  /** The broker's notices (`warning`, `error`, …), as text. */
  notices: string[];
}

interface MatrixRow {
  consumer?: { name?: string; version?: { number?: string } | null };
  provider?: { name?: string; version?: { number?: string } | null };
  verificationResult?: { success?: boolean } | null;
}

interface MatrixResponse {
  summary?: { deployable?: boolean | null; reason?: string };
  notices?: { type?: string; text?: string }[];
  matrix?: MatrixRow[];
}

/**
 * Asks the broker whether `pacticipant` at `version` may be deployed to `environment`, with the
 * request the official `pact-broker can-i-deploy --pacticipant P --version V --to-environment E`
 * sends: `GET /matrix?q[][pacticipant]=P&q[][version]=V&latestby=cvpv&environment=E`. Throws a
 * `BrokerRequestError` when the broker refuses (an unknown pacticipant: 400) or cannot be reached.
 * @example
 * const answer = await canIDeploy(new HalClient(connection), 'delivery', '1f3c9e2', 'production');
 * if (answer.deployable !== true) console.log(answer.reason, answer.blocking);
 */
export async function canIDeploy(client: HalClient, pacticipant: string, version: string, environment: string): Promise<CanIDeployAnswer> {
  const query = `q[][pacticipant]=${encodeURIComponent(pacticipant)}&q[][version]=${encodeURIComponent(version)}&latestby=cvpv&environment=${encodeURIComponent(environment)}`;
  const response = await client.get<MatrixResponse>(`/matrix?${query}`);
  const deployable = response.summary?.deployable;
  const reason = response.summary?.reason ?? 'the broker gave no reason';
  return {
    deployable: deployable === true || deployable === false ? deployable : null,
    reason,
    blocking: (response.matrix ?? []).filter((row) => row.verificationResult?.success !== true).map(describeRow),
    // The reason is said already; the other notices (warnings) are kept.
    notices: (response.notices ?? [])
      .filter((n) => n.type !== 'success' && n.text && n.text !== reason)
      .map((n) => `${n.type ?? 'notice'}: ${n.text}`),
  };
}

/** `web-app 1.0.0 → orders-api 2.0.0: verification failed`, or `web-app 1.0.0 → orders-api: no verification` (no provider version verified it). */
function describeRow(row: MatrixRow): string {
  const side = (party: MatrixRow['consumer']) => `${party?.name ?? '?'}${party?.version?.number ? ` ${party.version.number}` : ''}`;
  const verdict = row.verificationResult ? 'verification failed' : 'no verification';
  return `${side(row.consumer)} → ${side(row.provider)}: ${verdict}`;
}
