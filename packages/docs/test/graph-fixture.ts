import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadIR } from '@apilife/contract';
import type { SiteApi } from '../src/site.ts';

/** The repository's contracts root, from this file. */
export const CONTRACTS = join(import.meta.dirname, '../../../contracts');

/** A SiteApi as the site would make it: enough for the graph and the system page. */
export function siteApi(path: string, ir?: SiteApi['ir'], error?: string): SiteApi {
  const [service = '', file = ''] = path.split('/');
  const kind = file.startsWith('asyncapi') ? 'asyncapi' : 'openapi';
  return {
    path,
    service,
    kind,
    href: `apis/${service}/${kind}.html`,
    title: ir?.kind === 'openapi' ? ir.api.title : ir?.kind === 'asyncapi' ? ir.messaging.title : path,
    version: '1.0.0',
    stage: null,
    owner: null,
    ...(ir ? { ir } : {}),
    ...(error ? { error } : {}),
    consumers: new Map(),
    files: [],
  };
}

/** Every contract of the repository's contracts root as SiteApi values (the services' folders, `_shared` left out). */
export async function loadRepositoryApis(): Promise<SiteApi[]> {
  const paths = readdirSync(CONTRACTS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
    .flatMap((d) =>
      readdirSync(join(CONTRACTS, d.name))
        .filter((f) => /^(openapi|asyncapi)\.ya?ml$/.test(f))
        .map((f) => `${d.name}/${f}`),
    )
    .sort();
  return Promise.all(
    paths.map(async (path) => {
      const loaded = await loadIR(join(CONTRACTS, path), { root: CONTRACTS });
      return siteApi(
        path,
        loaded.kind === 'openapi' ? { kind: 'openapi', api: loaded.api } : { kind: 'asyncapi', messaging: loaded.messaging },
      );
    }),
  );
}

/**
 * Whether a piece of XML is well-formed enough for a browser: tags balanced and properly nested,
 * attributes quoted, no stray `<` or `&`. Answers the first problem, or null.
 */
export function xmlProblem(xml: string): string | null {
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|(<)|&(?!(?:amp|lt|gt|quot|#39|#\d+);)/g;
  for (const m of xml.matchAll(token)) {
    if (m[0].startsWith('<!--')) continue;
    if (m[5] !== undefined || m[0].startsWith('&')) return `stray ${JSON.stringify(m[0])} at ${m.index}`;
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (!closing) stack.push(name!);
    else if (stack.pop() !== name) return `</${name}> at ${m.index} closes nothing open`;
  }
  return stack.length > 0 ? `<${stack.join('> <')}> not closed` : null;
}
