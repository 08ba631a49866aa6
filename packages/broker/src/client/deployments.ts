import { BrokerRequestError, type HalClient, type HalResource, type Link } from './hal.ts';

/** A pacticipant version and the environment it goes to (or left). */
export interface DeploymentTarget {
  pacticipant: string;
  version: string;
  environment: string;
  /** Which instance of the application, when several run in one environment (`--application-instance`). */
  applicationInstance?: string;
}

function versionPath(pacticipant: string, version: string): string {
  return `/pacticipants/${encodeURIComponent(pacticipant)}/versions/${encodeURIComponent(version)}`;
}

/** The element of a link array named after the environment, as the version resource lists `pb:record-deployment`. */
function linkNamed(resource: HalResource, rel: string, name: string): Link | undefined {
  const found = resource._links?.[rel];
  return (Array.isArray(found) ? found : found ? [found] : []).find((link) => link.name === name);
}

/** The version resource, or a 404 error that names the version (the official CLI's words). */
async function versionResource(client: HalClient, target: DeploymentTarget): Promise<HalResource> {
  const path = versionPath(target.pacticipant, target.version);
  const version = await client.find(path);
  if (!version)
    throw new BrokerRequestError(
      'GET',
      client.resolve(path),
      404,
      `${target.pacticipant} version ${target.version} not found in the broker`,
    );
  return version;
}

/**
 * Records that a version was deployed to an environment, as `pact-broker record-deployment` does:
 * `GET /pacticipants/{p}/versions/{v}`, then `POST` to its `pb:record-deployment` link named by
 * the environment, with the application instance (and `target`, its older name) when given.
 */
export function recordDeployment(client: HalClient, target: DeploymentTarget): Promise<HalResource> {
  return recordOnVersion(client, target, 'pb:record-deployment');
}

/** Records that a version was released to an environment (`pb:record-release` of the version resource). */
export function recordRelease(client: HalClient, target: Omit<DeploymentTarget, 'applicationInstance'>): Promise<HalResource> {
  return recordOnVersion(client, target, 'pb:record-release');
}

async function recordOnVersion(client: HalClient, target: DeploymentTarget, rel: string): Promise<HalResource> {
  const version = await versionResource(client, target);
  const link = linkNamed(version, rel, target.environment);
  if (!link) throw new BrokerRequestError('GET', client.resolve('/environments'), 404, `environment ${target.environment} does not exist`);
  const instance = target.applicationInstance;
  return client.post(link.href, instance !== undefined ? { applicationInstance: instance, target: instance } : {});
}

interface EnvironmentList {
  _embedded?: { environments?: { uuid: string; name: string; _links?: Record<string, Link> }[] };
}

/** The environment resource named `name`, found through the index's `pb:environments` (as the official CLI does). */
async function environmentNamed(client: HalClient, name: string): Promise<HalResource> {
  const list = await client.get<EnvironmentList>(await client.indexLink('pb:environments'));
  const found = list._embedded?.environments?.find((environment) => environment.name === name);
  if (!found) throw new BrokerRequestError('GET', client.resolve('/environments'), 404, `environment ${name} does not exist`);
  return client.get(`/environments/${encodeURIComponent(found.uuid)}`);
}

interface DeployedVersions {
  _embedded?: {
    deployedVersions?: DeployedRecord[];
    releasedVersions?: DeployedRecord[];
  };
}

interface DeployedRecord {
  applicationInstance?: string | null;
  target?: string | null;
  _embedded?: { pacticipant?: { name?: string }; version?: { number?: string } };
  _links?: { self?: Link };
}

/**
 * Records that a pacticipant is no longer deployed to an environment (`pact-broker
 * record-undeployment`): the environment's currently deployed versions of the pacticipant (of the
 * application instance, when given) are each PATCHed `{currentlyDeployed: false}`. Answers how many.
 */
export async function recordUndeployment(client: HalClient, target: Omit<DeploymentTarget, 'version'>): Promise<number> {
  const environment = await environmentNamed(client, target.environment);
  const href = client.link(environment, 'pb:currently-deployed-deployed-versions');
  const list = await client.get<DeployedVersions>(`${href}?pacticipant=${encodeURIComponent(target.pacticipant)}`);
  const records = (list._embedded?.deployedVersions ?? []).filter(
    (record) =>
      record._embedded?.pacticipant?.name === target.pacticipant &&
      (target.applicationInstance === undefined || (record.applicationInstance ?? record.target) === target.applicationInstance),
  );
  if (records.length === 0)
    throw new BrokerRequestError(
      'GET',
      client.resolve(href),
      404,
      `${target.pacticipant}${target.applicationInstance !== undefined ? ` (${target.applicationInstance})` : ''} is not currently deployed to ${target.environment}`,
    );
  for (const record of records) await client.patch(selfOf(client, record), { currentlyDeployed: false });
  return records.length;
}

/**
 * Records that a released version is no longer supported in an environment (`pact-broker
 * record-support-ended`): the environment's currently supported released version is PATCHed
 * `{currentlySupported: false}`.
 */
export async function recordSupportEnded(client: HalClient, target: Omit<DeploymentTarget, 'applicationInstance'>): Promise<void> {
  const environment = await environmentNamed(client, target.environment);
  const href = client.link(environment, 'pb:currently-supported-released-versions');
  const list = await client.get<DeployedVersions>(`${href}?pacticipant=${encodeURIComponent(target.pacticipant)}`);
  const record = (list._embedded?.releasedVersions ?? []).find(
    (r) => r._embedded?.pacticipant?.name === target.pacticipant && r._embedded?.version?.number === target.version,
  );
  if (!record)
    throw new BrokerRequestError(
      'GET',
      client.resolve(href),
      404,
      `${target.pacticipant} version ${target.version} is not currently supported in ${target.environment}`,
    );
  await client.patch(selfOf(client, record), { currentlySupported: false });
}

function selfOf(client: HalClient, record: DeployedRecord): string {
  const href = record._links?.self?.href;
  if (!href) throw new BrokerRequestError('GET', client.base.toString(), 0, 'the broker listed a deployed version without a self link');
  return href;
}
