import { BrokerError } from '../problem.ts';
import type { Sql } from '../store/db.ts';
import { decorateRows } from './decorate.ts';
import type { MatrixOptions, UnresolvedSelector } from './parse-query.ts';
import { PacticipantIds } from './lookups.ts';
import { findIntegrations, inferredSelectors, type ResolvedSelector, resolveSelectors } from './resolve.ts';
import { applyLatestBy, type MatrixRow, queryRows } from './rows.ts';
import { type DeploymentSummary, summarise } from './summary.ts';

/** The matrix answer the official CLI reads: `summary`, `notices`, `matrix[]`. */
export interface MatrixAnswer {
  summary: Omit<DeploymentSummary, 'notices'>;
  notices: DeploymentSummary['notices'];
  matrix: unknown[];
}

/** The Pact Broker's 400s for a matrix query (`matrix/service.rb#validate_selectors`). */
async function validate(ids: PacticipantIds, selectors: UnresolvedSelector[], options: MatrixOptions): Promise<void> {
  const messages: string[] = [];
  for (const s of selectors) {
    if (!s.pacticipant) messages.push('Please specify the pacticipant name');
    else if (s.version && s.latest) messages.push(`A version number and latest flag cannot both be specified for ${s.pacticipant}`);
  }
  const names = [...new Set(selectors.map((s) => s.pacticipant).filter((n) => n !== undefined))];
  // The ignored names are looked up now too, for `resolveSelectors` (one query for all of them and the environment).
  const ignoredNames = options.ignore.map((s) => s.pacticipant).filter((n) => n !== undefined);
  const { ids: known, environmentExists } = await ids.lookup([...names, ...ignoredNames], options.environment);
  for (const name of names) if (!known.has(name)) messages.push(`Pacticipant ${name} not found`);
  if (selectors.length === 0) messages.push('Please provide 1 or more version selectors.');
  for (const s of options.ignore) {
    if (!s.pacticipant) messages.push('Please specify the pacticipant name to ignore');
    else if (s.version && s.latest)
      messages.push(`A version number and latest flag cannot both be specified for ${s.pacticipant} to ignore`);
  }
  if ([options.tag, options.environment, options.mainBranch].filter((d) => d !== undefined).length > 1)
    messages.push('Cannot specify more than one of tag, environment and mainBranch.');
  if (options.latest && options.environment) messages.push('Cannot specify both latest=true and an environment.');
  if (options.environment && !environmentExists) messages.push(`Environment with name '${options.environment}' does not exist`);
  if (messages.length > 0) throw new BrokerError(400, messages.join('; '), { matrix: messages });
}

const ignores = (ignore: readonly ResolvedSelector[], row: MatrixRow) =>
  ignore.some(
    (s) =>
      s.pacticipantId !== null &&
      ((s.pacticipantId === row.consumerId && (s.onlyName || s.versionId === row.consumerVersionId)) ||
        (s.pacticipantId === row.providerId && (s.onlyName || s.versionId === row.providerVersionId))),
  );

/**
 * The matrix and the can-i-deploy decision (`matrix/repository.rb#find` then the summary):
 * resolve the specified and ignored selectors, find the integrations, add selectors for the other
 * side at the destination (environment, tag, main branch, latest), query the rows, reduce them by
 * `latestby`, split off the ignored ones, and decide.
 */
export async function canIDeploy(sql: Sql, base: string, selectors: UnresolvedSelector[], options: MatrixOptions): Promise<MatrixAnswer> {
  const ids = new PacticipantIds(sql);
  await validate(ids, selectors, options);
  const infer = Boolean(options.latest || options.tag || options.environment || options.mainBranch);
  const ignore = await resolveSelectors(sql, ids, options.ignore, 'ignored');
  const specified = await resolveSelectors(sql, ids, selectors, 'specified', ignore);
  const integrations = await findIntegrations(sql, specified, infer);
  for (const i of integrations) {
    ids.remember(i.consumerName, i.consumerId);
    ids.remember(i.providerName, i.providerId);
  }
  const inferred = infer ? await resolveSelectors(sql, ids, inferredSelectors(integrations, specified, options), 'inferred', ignore) : [];
  const all = [...specified, ...inferred];
  const rows = applyLatestBy(await queryRows(sql, all), options.latestby);
  rows.sort(
    (a, b) =>
      a.consumerName.localeCompare(b.consumerName) ||
      a.consumerVersionId - b.consumerVersionId ||
      a.providerName.localeCompare(b.providerName) ||
      (a.providerVersionId ?? -1) - (b.providerVersionId ?? -1),
  );
  const considered = rows.filter((r) => !ignores(ignore, r));
  const ignoredRows = rows.filter((r) => ignores(ignore, r));
  const { notices, ...summary } = summarise(all, ignore, integrations, considered, ignoredRows, options);
  return { summary, notices, matrix: await decorateRows(sql, base, considered, ignoredRows) };
}
