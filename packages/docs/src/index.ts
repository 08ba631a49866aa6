/**
 * `@apilife/docs`: the API portal. `apilife docs build` writes a static site, offline, for every
 * contract under the contracts root: the catalog, a reference per API (OpenAPI and AsyncAPI), its
 * changelog, lifecycle and consumers, and the system's interaction graph.
 */
export { anchor, escapeHtml, html, Html, jsonScript, raw } from './html.ts';
export type { HtmlValue } from './html.ts';
export type { NavGroup, NavItem, OperationConsumer, Reference, ReferenceContext, SearchEntry, Site, SiteApi, SiteFile } from './site.ts';
export { buildInteractionGraph } from './graph/model.ts';
export type { GraphEdge, GraphNode, InteractionGraph } from './graph/model.ts';
export { renderGraphSvg } from './graph/svg.ts';
export { renderOpenApiReference } from './reference/openapi.ts';
export { renderAsyncApiReference } from './reference/asyncapi.ts';
export { buildPortal, MARKER } from './build.ts';
export type { BuildPortalOptions, BuildPortalReport } from './build.ts';
export { buildSite } from './model.ts';
export type { BuildSiteOptions } from './model.ts';
export { servePortal } from './serve.ts';
export type { PortalServer, ServePortalOptions } from './serve.ts';
