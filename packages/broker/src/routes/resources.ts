import type { Environment } from '../domain/environments.ts';
import type { Pacticipant } from '../domain/pacticipants.ts';
import { pactWithIds, type PactRecord } from '../domain/pacts.ts';
import { urls } from '../domain/urls.ts';
import type { Version } from '../domain/versions.ts';
import { seg } from '../hal.ts';

/** The HAL representations the broker's resources share, in the Pact Broker's shapes (its decorators). */

const iso = (date: Date | string) => new Date(date).toISOString();

/** A pacticipant, with the templated links the verifier follows (`pb:branch-version`, `pb:version-tag`). */
export function pacticipantBody(base: string, p: Pacticipant): Record<string, unknown> {
  const self = urls.pacticipant(base, p.name);
  return {
    name: p.name,
    displayName: p.displayName ?? p.name,
    mainBranch: p.mainBranch,
    repositoryUrl: p.repositoryUrl,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
    _links: {
      self: { href: self, title: 'Pacticipant', name: p.name },
      'pb:versions': { href: `${self}/versions`, title: 'All application versions' },
      'pb:version': { href: `${self}/versions/{version}`, title: 'Get, create or delete a pacticipant version', templated: true },
      'pb:latest-version': { href: `${self}/latest-version`, title: 'Latest application version' },
      'pb:version-tag': {
        href: `${self}/versions/{version}/tags/{tag}`,
        title: 'Get, create or delete a tag for a version',
        templated: true,
      },
      'pb:branch-version': {
        href: `${self}/branches/{branch}/versions/{version}`,
        title: 'Get or add/create a version for a branch',
        templated: true,
      },
      'pb:branch': { href: `${self}/branches/{branch}`, title: 'Get or delete a branch', templated: true },
    },
  };
}

/** A version, its tags and branches, and one record-deployment / record-release link per environment (matched by name). */
export function versionBody(
  base: string,
  v: Version,
  labels: { tags: string[]; branches: string[] },
  environments: readonly Environment[],
): Record<string, unknown> {
  const self = urls.version(base, v.pacticipant, v.number);
  return {
    number: v.number,
    buildUrl: v.buildUrl,
    createdAt: iso(v.createdAt),
    _embedded: {
      branchVersions: labels.branches.map((name) => ({
        name,
        _links: { self: { href: urls.branchVersion(base, v.pacticipant, name, v.number) } },
      })),
      tags: labels.tags.map((name) => ({ name, _links: { self: { href: urls.tag(base, v.pacticipant, v.number, name) } } })),
    },
    _links: {
      self: { href: self, title: 'Version', name: v.number },
      'pb:pacticipant': { href: urls.pacticipant(base, v.pacticipant), title: 'Pacticipant', name: v.pacticipant },
      'pb:tag': { href: `${self}/tags/{tag}`, title: 'Get, create or delete a tag for this pacticipant version', templated: true },
      'pb:record-deployment': environments.map((e) => ({
        name: e.name,
        title: `Record deployment to ${e.displayName}`,
        href: `${self}/deployed-versions/environment/${seg(e.uuid)}`,
      })),
      'pb:record-release': environments.map((e) => ({
        name: e.name,
        title: `Record release to ${e.displayName}`,
        href: `${self}/released-versions/environment/${seg(e.uuid)}`,
      })),
    },
  };
}

/**
 * A pact as served: the published JSON with `_id` on every interaction, and the links the verifier
 * follows (`pb:publish-verification-results`, `pb:provider`). `metadata` is the opaque segment of
 * the URL it was fetched by, kept in the results link.
 */
export function pactBody(base: string, pact: PactRecord, metadata?: string): Record<string, unknown> {
  const name = `Pact between ${pact.consumer} (${pact.consumerVersion}) and ${pact.provider}`;
  return {
    ...pactWithIds(pact.content),
    createdAt: iso(pact.createdAt),
    _links: {
      self: { href: urls.pactVersion(base, pact.provider, pact.consumer, pact.sha, metadata), title: 'Pact', name },
      'pb:consumer': { href: urls.pacticipant(base, pact.consumer), title: 'Consumer', name: pact.consumer },
      'pb:consumer-version': {
        href: urls.version(base, pact.consumer, pact.consumerVersion),
        title: 'Consumer version',
        name: pact.consumerVersion,
      },
      'pb:provider': { href: urls.pacticipant(base, pact.provider), title: 'Provider', name: pact.provider },
      'pb:pact-version': { href: urls.pactVersion(base, pact.provider, pact.consumer, pact.sha), title: 'Pact content version' },
      'pb:publish-verification-results': {
        href: urls.publishVerificationResults(base, pact.provider, pact.consumer, pact.sha, metadata),
        title: 'Publish verification results',
      },
      'pb:latest-pact-version': {
        href: urls.latestPact(base, pact.provider, pact.consumer),
        title: 'Latest version of this pact',
      },
    },
  };
}
