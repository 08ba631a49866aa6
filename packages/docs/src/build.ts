import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { InputError, type ProjectConfig } from '@apilife/contract';
import { jsonScript } from './html.ts';
import { buildSite, type BuildSiteOptions } from './model.ts';
import { renderApiPage } from './pages/api.ts';
import { renderFilePage } from './pages/files.ts';
import { renderHomePage } from './pages/home.ts';
import { renderRulePages } from './pages/rules.ts';
import { renderSystemPage } from './pages/system.ts';
import type { SearchEntry, Site } from './site.ts';

export interface BuildPortalOptions extends Omit<BuildSiteOptions, 'config'> {
  config: ProjectConfig;
  /** The folder to write (default the config's `docs.out`). It is replaced; a non-empty folder the portal did not write is refused. */
  out?: string;
}

export interface BuildPortalReport {
  /** The folder written (absolute). */
  out: string;
  /** Every page written, relative to `out`, sorted. */
  pages: string[];
  apis: number;
  /** Contracts that could not be read (shown on the home page as broken). */
  broken: number;
  /** Wall time of the build, milliseconds. */
  ms: number;
  site: Site;
}

/** The file that marks a folder as the portal's own, so a rebuild may replace it. */
export const MARKER = '.apilife-docs';

/** The portal's static assets, shipped beside `dist/` and `src/` in the package. */
const ASSETS = resolve(import.meta.dirname, '..', 'assets');

/**
 * Builds the portal: reads every contract once (`buildSite`), renders the catalog, one page per
 * API, one per contract file, the system graph and the house lint rules, and writes them with the assets and the search
 * index into `out`. The site needs no server and no network: every link is relative, every
 * script and style is in `assets/`.
 * @example
 * const report = await buildPortal({ config: await loadProjectConfig(process.cwd()), out: 'docs-site' });
 */
export async function buildPortal(options: BuildPortalOptions): Promise<BuildPortalReport> {
  const started = performance.now();
  const out = resolve(options.out ?? options.config.docs.out);
  guardOut(out, options.config);
  const site = await buildSite(options);
  const pages = new Map<string, string>();
  const search: SearchEntry[] = [];
  for (const api of site.apis) {
    const page = renderApiPage(api, site);
    pages.set(api.href, page.html);
    search.push(...page.search);
  }
  const files = new Map(site.apis.flatMap((api) => api.files.map((f) => [f.path, f] as const)));
  pages.set('index.html', renderHomePage(site));
  pages.set('system.html', renderSystemPage(site));
  for (const [href, page] of renderRulePages(site)) pages.set(href, page);
  // The loader's text, not the file read again: a broken contract may be a FIFO, 50 MB or a symlink out of the root.
  const texts = [...files.values()].map((f) => ({ f, text: f.text }));
  for (const { f, text } of texts) pages.set(f.href, renderFilePage(f, text, site));

  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, 'assets'), { recursive: true });
  await writeFile(join(out, MARKER), 'Written by apilife docs build; the next build replaces this folder.\n');
  const writes = [...pages].map(([href, html]) => writeAt(join(out, ...href.split('/')), html));
  for (const { f, text } of texts) writes.push(writeAt(join(out, ...f.rawHref.split('/')), text));
  for (const asset of readdirSync(ASSETS)) writes.push(copyFile(join(ASSETS, asset), join(out, 'assets', asset)));
  writes.push(writeFile(join(out, 'assets', 'search-index.js'), jsonScript('APILIFE_SEARCH', search)));
  await Promise.all(writes);
  return {
    out,
    pages: [...pages.keys()].sort(),
    apis: site.apis.length,
    broken: site.apis.filter((a) => a.error !== undefined).length,
    ms: Math.round(performance.now() - started),
    site,
  };
}

async function writeAt(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

/**
 * The output folder is replaced, so it must be the portal's: absent, empty, or marked by an
 * earlier build. It may not be the project, the contracts root or hold either.
 */
function guardOut(out: string, config: ProjectConfig): void {
  const inside = (parent: string, child: string) => {
    const rel = relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
  };
  if (inside(out, config.dir) || inside(out, config.contracts))
    throw new InputError(
      `--out ${out}: the portal's folder cannot hold the project or its contracts (it is replaced on every build)`,
      out,
      {
        code: 'docs-out',
      },
    );
  if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(join(out, MARKER)))
    throw new InputError(
      `--out ${out}: the folder is not empty and was not written by apilife docs build; choose another folder or empty it`,
      out,
      { code: 'docs-out' },
    );
}
