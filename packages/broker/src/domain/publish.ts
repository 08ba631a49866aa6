import type { BrokerEvent } from '../app.ts';
import { BrokerError, type Notice } from '../problem.ts';
import type { Db, Sql } from '../store/db.ts';
import { jsonDepth } from '../request-limits.ts';
import { canonicalJson, sha1 } from './canonical.ts';
import { checkName, optionalString } from './names.ts';
import { findPactForVersion, interactionLists } from './pacts.ts';
import { ensurePacticipant } from './pacticipants.ts';
import { addBranchVersion, addTag, ensureVersion, type Version } from './versions.ts';

/** The largest pact (decoded) the broker accepts. */
export const MAX_PACT_BYTES = 10 * 1024 * 1024;
/** The deepest nesting a pact may have (as `apilife pact check` allows). */
export const MAX_PACT_DEPTH = 512;

/** One contract of a publish request, decoded. */
export interface ContractToPublish {
  consumer: string;
  provider: string;
  onConflict: 'overwrite' | 'merge';
  pact: Record<string, unknown>;
}

/** A publish request (`POST /contracts/publish`), validated. */
export interface PublishRequest {
  pacticipant: string;
  version: string;
  branch?: string;
  tags: string[];
  buildUrl?: string;
  contracts: ContractToPublish[];
}

type Errors = Record<string, string[]>;

/**
 * Validates a publish body as the Pact Broker's publish-contracts schema does: each contract is a
 * `pact` in `application/json`, published by its consumer (`consumerName` = `pacticipantName`),
 * its content base64 of UTF-8 JSON whose consumer and provider names match. All problems in one 400.
 */
export function parsePublishRequest(body: unknown): PublishRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new BrokerError(400, 'the request body must be a JSON object');
  const b = body as Record<string, unknown>;
  const errors: Errors = {};
  const field = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof BrokerError)) throw error;
      Object.assign(errors, error.errors);
      return undefined;
    }
  };
  const pacticipant = field(() => checkName(b.pacticipantName, 'pacticipantName'));
  const version = field(() => checkName(b.pacticipantVersionNumber, 'pacticipantVersionNumber', 'label'));
  const branch = b.branch === undefined || b.branch === null ? undefined : field(() => checkName(b.branch, 'branch', 'label'));
  const buildUrl = field(() => optionalString(b.buildUrl, 'buildUrl'));
  const tags: string[] = [];
  if (b.tags !== undefined && b.tags !== null) {
    if (!Array.isArray(b.tags)) errors.tags = ['must be an array of strings'];
    else b.tags.forEach((tag, i) => field(() => tags.push(checkName(tag, `tags.${i}`, 'label'))));
  }
  const contracts: ContractToPublish[] = [];
  if (!Array.isArray(b.contracts) || b.contracts.length === 0) errors.contracts = ['must be a non-empty array'];
  else
    b.contracts.forEach((raw, i) => {
      const contract = parseContract(raw, `contracts.${i}`, pacticipant, errors);
      if (contract) contracts.push(contract);
    });
  if (Object.keys(errors).length > 0 || pacticipant === undefined || version === undefined)
    throw new BrokerError(400, 'the publish request is invalid', errors);
  return {
    pacticipant,
    version,
    ...(branch === undefined ? {} : { branch }),
    tags,
    ...(buildUrl === undefined ? {} : { buildUrl }),
    contracts,
  };
}

function parseContract(raw: unknown, at: string, pacticipant: string | undefined, errors: Errors): ContractToPublish | undefined {
  const fail = (key: string, message: string) => {
    (errors[`${at}.${key}`] ??= []).push(message);
    return undefined;
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail('contract', 'must be an object');
  const c = raw as Record<string, unknown>;
  let consumer: string | undefined;
  let provider: string | undefined;
  try {
    consumer = checkName(c.consumerName, 'consumerName');
    provider = checkName(c.providerName, 'providerName');
  } catch (error) {
    if (!(error instanceof BrokerError)) throw error;
    for (const [key, messages] of Object.entries(error.errors)) errors[`${at}.${key}`] = messages;
    return undefined;
  }
  if (c.specification !== 'pact') return fail('specification', "must be 'pact'");
  if (c.contentType !== 'application/json') return fail('contentType', "must be 'application/json'");
  if (c.onConflict !== undefined && c.onConflict !== 'overwrite' && c.onConflict !== 'merge')
    return fail('onConflict', "must be 'overwrite' or 'merge'");
  if (pacticipant !== undefined && consumer !== pacticipant)
    return fail('consumerName', `must match pacticipantName ('${pacticipant}') as only the consumer publishes its pacts`);
  if (typeof c.content !== 'string' || c.content === '') return fail('content', 'must be the base64 encoded pact');
  if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(c.content)) return fail('content', 'is not valid base64');
  if ((c.content.length * 3) / 4 > MAX_PACT_BYTES) return fail('content', `must be at most ${MAX_PACT_BYTES} bytes`);
  let pact: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(c.content, 'base64'));
    // Deeper JSON would overflow the recursive canonical form (a 500): refuse it as `apilife pact check` does.
    if (jsonDepth(text) > MAX_PACT_DEPTH) return fail('content', `nests deeper than ${MAX_PACT_DEPTH} levels`);
    pact = JSON.parse(text);
  } catch {
    return fail('content', 'is not base64 encoded UTF-8 JSON');
  }
  if (pact === null || typeof pact !== 'object' || Array.isArray(pact)) return fail('content', 'must be a pact (a JSON object)');
  const p = pact as Record<string, unknown>;
  const nameIn = (role: 'consumer' | 'provider') => (p[role] as { name?: unknown } | undefined)?.name;
  if (nameIn('consumer') !== consumer)
    return fail('consumerName', `in pact ('${String(nameIn('consumer'))}') does not match consumerName ('${consumer}')`);
  if (nameIn('provider') !== provider)
    return fail('providerName', `in pact ('${String(nameIn('provider'))}') does not match providerName ('${provider}')`);
  return { consumer, provider, onConflict: c.onConflict === 'merge' ? 'merge' : 'overwrite', pact: p };
}

/** What happened to one contract. */
export interface PublishedContract {
  consumer: string;
  provider: string;
  sha: string;
  /** new: first publication for this version; same: republished unchanged; merged: interactions merged into the existing pact. */
  outcome: 'new' | 'same' | 'merged';
  /** Whether this content had never been published for this provider (it needs verifying). */
  newContent: boolean;
}

/** The result of a publish: the consumer version and each contract's outcome. */
export interface PublishResult {
  version: Version;
  versionCreated: boolean;
  tags: string[];
  branch?: string;
  contracts: PublishedContract[];
}

const UNIQUE_VIOLATION = '23505';

/**
 * Publishes all contracts of a request in one transaction, or none. Content is stored once per
 * sha1 of its canonical JSON. For each contract, a consumer version that already has a pact with
 * the provider may republish the same content (idempotent) or merge (`onConflict: merge`); changed
 * content is a 409 with the Pact Broker's text, checked for every contract before anything is
 * written. Two processes publishing the same thing at once both succeed with one publication.
 */
export async function publishContracts(
  db: Db,
  request: PublishRequest,
  at: Date,
  onNewContent?: (tx: Sql, event: BrokerEvent) => Promise<void>,
): Promise<PublishResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction((tx) => publishIn(tx, request, at, onNewContent));
    } catch (error) {
      if (attempt < 3 && (error as { code?: string }).code === UNIQUE_VIOLATION) continue;
      throw error;
    }
  }
}

async function publishIn(
  tx: Sql,
  request: PublishRequest,
  at: Date,
  onNewContent: ((tx: Sql, event: BrokerEvent) => Promise<void>) | undefined,
): Promise<PublishResult> {
  const prepared = request.contracts.map((contract) => ({ contract, content: canonicalJson(contract.pact) }));
  const conflicts: Notice[] = [];
  for (const { contract, content } of prepared) {
    if (contract.onConflict === 'merge') continue;
    const existing = await findPactForVersion(tx, contract.provider, contract.consumer, request.version);
    if (existing && existing.sha !== sha1(content))
      conflicts.push(...conflictNotices(contract, request.version, existing.content, content));
  }
  if (conflicts.length > 0) throw conflictError(conflicts);

  const { version, created } = await ensureVersion(tx, request.pacticipant, request.version, {
    at,
    ...(request.buildUrl === undefined ? {} : { buildUrl: request.buildUrl }),
  });
  if (request.branch !== undefined) await addBranchVersion(tx, version, request.branch, at);
  for (const tag of request.tags) await addTag(tx, version.id, tag, at);

  const contracts: PublishedContract[] = [];
  for (const { contract, content: published } of prepared) {
    const { pacticipant: provider } = await ensurePacticipant(tx, contract.provider, at);
    // Only a merge reads the pact already published (overwrite compared it above, and a race shows in the insert below).
    const existing =
      contract.onConflict === 'merge' ? await findPactForVersion(tx, contract.provider, contract.consumer, request.version) : undefined;
    const content = existing ? mergePacts(existing.content, contract.pact) : published;
    const sha = sha1(content);
    const inserted = await tx.query<{ id: number }>(
      `INSERT INTO pact_contents (sha, consumer_id, provider_id, content, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (sha) DO NOTHING RETURNING id::int AS id`,
      [sha, version.pacticipantId, provider.id, content, at],
    );
    const [{ id: contentId } = { id: 0 }] =
      inserted.length > 0 ? inserted : await tx.query<{ id: number }>('SELECT id::int AS id FROM pact_contents WHERE sha = $1', [sha]);
    const publication = await tx.query(
      `INSERT INTO pact_publications (consumer_version_id, provider_id, pact_content_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $4) ON CONFLICT (consumer_version_id, provider_id) DO NOTHING RETURNING id`,
      [version.id, provider.id, contentId, at],
    );
    let outcome: PublishedContract['outcome'] = 'new';
    if (publication.length === 0) {
      const now = await findPactForVersion(tx, contract.provider, contract.consumer, request.version);
      if (now?.sha === sha) outcome = 'same';
      else if (contract.onConflict === 'merge' && now) {
        await tx.query('UPDATE pact_publications SET pact_content_id = $2, updated_at = $3 WHERE id = $1', [
          now.publicationId,
          contentId,
          at,
        ]);
        outcome = 'merged';
      } else throw conflictError(conflictNotices(contract, request.version, now?.content ?? '{}', content));
    }
    const newContent = inserted.length > 0;
    if (newContent)
      await onNewContent?.(tx, {
        type: 'contract_requiring_verification_published',
        consumer: contract.consumer,
        consumerVersion: request.version,
        provider: contract.provider,
        sha,
      });
    contracts.push({ consumer: contract.consumer, provider: contract.provider, sha, outcome, newContent });
  }
  return {
    version,
    versionCreated: created,
    tags: request.tags,
    ...(request.branch === undefined ? {} : { branch: request.branch }),
    contracts,
  };
}

/** An interaction's identity for merging: its description and provider state(s), as the Pact Broker merges. */
function interactionKey(interaction: Record<string, unknown>): string {
  return canonicalJson([interaction.description, interaction.providerState ?? interaction.providerStates ?? null]);
}

/** The existing pact with the new pact's interactions added; an interaction with the same key is replaced. */
function mergePacts(existingContent: string, incoming: Record<string, unknown>): string {
  const existing = JSON.parse(existingContent) as Record<string, unknown>;
  const merged: Record<string, unknown> = JSON.parse(canonicalJson(incoming));
  for (const key of ['interactions', 'messages'] as const) {
    const before = Array.isArray(existing[key]) ? (existing[key] as Record<string, unknown>[]) : [];
    const added = Array.isArray(merged[key]) ? (merged[key] as Record<string, unknown>[]) : [];
    if (before.length === 0 && added.length === 0) continue;
    const byKey = new Map(before.map((i) => [interactionKey(i), i] as const));
    for (const interaction of added) byKey.set(interactionKey(interaction), interaction);
    merged[key] = [...byKey.values()];
  }
  return canonicalJson(merged);
}

/** The Pact Broker's refusal to change a published pact, with which interactions differ. */
function conflictNotices(contract: ContractToPublish, version: string, before: string, after: string): Notice[] {
  const text =
    `Cannot change the content of the pact for ${contract.consumer} version ${version} and provider ${contract.provider}, ` +
    'as race conditions will cause unreliable results for can-i-deploy. Each pact must be published with a unique consumer version number. ' +
    'Some Pact libraries generate random data when a concrete value for a type matcher is not specified, and this can cause the contract to mutate - ' +
    'ensure you have given example values for all type matchers. For more information see https://docs.pact.io/go/versioning';
  return [
    { type: 'error', text },
    { type: 'info', text: interactionDiff(before, after) },
  ];
}

function conflictError(notices: Notice[]): BrokerError {
  const messages = notices.filter((n) => n.type === 'error').map((n) => n.text);
  return new BrokerError(409, messages[0] ?? 'pact content conflict', { contracts: messages }, notices);
}

/** Which interactions (by description) were removed, added or changed between two pacts. */
function interactionDiff(before: string, after: string): string {
  const list = (content: string) => {
    const pact = JSON.parse(content) as Record<string, unknown>;
    return new Map(
      interactionLists(pact)
        .flat()
        .map((i) => [String(i.description ?? ''), canonicalJson(i)] as const),
    );
  };
  const [a, b] = [list(before), list(after)];
  const lines: string[] = [];
  for (const [description, body] of a) {
    if (!b.has(description)) lines.push(`- interaction "${description}"`);
    else if (b.get(description) !== body) lines.push(`~ interaction "${description}" changed`);
  }
  for (const description of b.keys()) if (!a.has(description)) lines.push(`+ interaction "${description}"`);
  return lines.length > 0 ? lines.join('\n') : 'The pact metadata changed';
}
