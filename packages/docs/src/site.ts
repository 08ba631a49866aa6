import type { ApiIR, MessagingApiIR, Origin, ParsedSource } from '@apilife/contract';
import type { ApiChangelog, ApiLifecycleStatus } from '@apilife/lifecycle';
import type { Html } from './html.ts';
import type { InteractionGraph } from './graph/model.ts';

/**
 * What the portal is built from, decided once before any page is written: every contract under
 * the contracts root (read, or broken with its error), its lifecycle, changelog and consumers, and
 * the system's interaction graph. Pages only render it.
 */
export interface Site {
  /** The day the site describes (sunsets, days left, overdue), YYYY-MM-DD. */
  today: string;
  apis: SiteApi[];
  graph: InteractionGraph;
  /** Where consumers came from: pact files (the folder, relative to the project) and/or a broker. */
  consumers: { pacts: string | null; broker: { url: string; error: string | null } | null };
  /** The project's name for the page titles (the folder of the config file, or the config's `docs.title`). */
  title: string;
}

/** One contract (an API) of the site. */
export interface SiteApi {
  /** Relative to the contracts root: `delivery/openapi.yaml`. */
  path: string;
  service: string;
  kind: 'openapi' | 'asyncapi';
  /** Its page, relative to the site's root: `apis/delivery/openapi.html`. */
  href: string;
  title: string;
  version: string;
  /** The AsyncAPI 2.x version the contract is written in, when it was read converted to 3.0 (`2.6.0`). */
  convertedFrom?: string;
  stage: string | null;
  owner: string | null;
  /** The contract as read; absent when it could not be (`error` says why). */
  ir?: { kind: 'openapi'; api: ApiIR } | { kind: 'asyncapi'; messaging: MessagingApiIR };
  /** Why the contract could not be read (`file:line:column: message`), for a broken API. */
  error?: string;
  /** Its lifecycle on `today`: stage, deprecated operations with sunsets, overdue ones. */
  status?: ApiLifecycleStatus;
  /** Its changelog from the contracts' git history (absent outside a git repository or with `--no-changelog`). */
  changelog?: ApiChangelog;
  /** The consumers of each operation (OpenAPI operationId, AsyncAPI operation key), from pacts. */
  consumers: Map<string, OperationConsumer[]>;
  /** The contract's files: the entry first, then every file its `$ref`s reach. */
  files: SiteFile[];
  /** The files as they were parsed, for placing IR nodes on their lines (absent for a broken API). */
  sources?: ParsedSource[];
}

/** A consumer that uses an operation, with the interactions of its pact on it. */
export interface OperationConsumer {
  consumer: string;
  /** The consumer version (from the broker) or the pact file it came from. */
  source: string;
  interactions: string[];
}

/** A contract file as the site shows it: an HTML page with numbered lines, and the file itself. */
export interface SiteFile {
  /** Relative to the contracts root: `_shared/problem.yaml`. */
  path: string;
  /** The absolute file. */
  file: string;
  /**
   * Its text as the loader read it, inside the limits and the `$ref` policy: empty when the loader
   * refused the file (over the size limit, not a regular file, a symlink out of the contracts root),
   * so the portal never reads a file the loader would not.
   */
  text: string;
  /** Its page (`files/_shared/problem.yaml.html`) and the raw copy (`files/_shared/problem.yaml`), relative to the site's root. */
  href: string;
  rawHref: string;
}

/** A link in a page's side navigation. `href` is a fragment (`#op-getDelivery`) or a path relative to the site's root. */
export interface NavItem {
  title: string;
  href: string;
  /** Small text after the title (`GET`, `send`). */
  tag?: string;
  deprecated?: boolean;
}

export interface NavGroup {
  title: string;
  items: NavItem[];
}

/** One entry of the search index: an API, an operation, a channel, a message or a schema. */
export interface SearchEntry {
  kind: 'api' | 'operation' | 'channel' | 'message' | 'schema';
  /** What is shown and matched first: `getDelivery`, `drone.assignment.requests`, `DeliveryCreated`. */
  title: string;
  /** Shown under it and matched too: `GET /deliveries/{deliveryId} · Get a delivery`. */
  detail: string;
  /** The API's title. */
  api: string;
  /** Relative to the site's root, with its fragment: `apis/delivery/openapi.html#op-getDelivery`. */
  href: string;
  deprecated?: boolean;
}

/** What a reference renderer needs besides the IR. */
export interface ReferenceContext {
  today: string;
  /** The API's page, relative to the site's root (search entries point into it). */
  pageHref: string;
  /** The consumers of an operation (by OpenAPI operationId or AsyncAPI operation key); [] for none. */
  consumers(operationId: string): OperationConsumer[];
  /** A link (relative to the API's page) to the line of the contract file an IR node comes from, when the file is in the site. */
  source(origin: Origin): string | undefined;
}

/** A rendered reference: the body of the API page's reference section, its side navigation and its search entries. */
export interface Reference {
  body: Html;
  nav: NavGroup[];
  search: SearchEntry[];
}
