/**
 * The portal against a hostile contract: every text a contract puts on a page (titles, Markdown
 * descriptions with raw HTML, examples, enum values, x- extensions, server URLs, operationIds,
 * schema names, tags, AsyncAPI channels and messages) carries a script payload that sets
 * `window.__pwned`; `apilife docs build` writes the site, and every page is opened in headless
 * Chromium (and its search run on the payloads). No payload may run, open a dialog, or reach the
 * DOM as an element or attribute that could run one; every page carries a strict CSP.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium, openGuardedPage } from '@apilife/test-utils';
import type { CaseContext, CaseResult } from '../battery.ts';
import { round } from '../support/stats.ts';
import { runCli } from './run-cli.ts';

/** Payloads for every context a text can land in: element content, attributes, URLs, inline scripts, templates. */
const PAYLOADS = [
  '<script>window.__pwned="script"</script>',
  '<img src=x onerror="window.__pwned=\'img\';alert(1)">',
  '"><svg onload="window.__pwned=\'svg\'"></svg>',
  "'><iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe>",
  '</script><script>window.__pwned="breakout"</script>',
  '[click me](javascript:window.__pwned="md-link")',
  '<a href="javascript:window.__pwned=\'a\'">x</a>',
  '{{constructor.constructor("window.__pwned=\'template\'")()}}',
  '${window.__pwned="template-literal"}',
  '<details open ontoggle="window.__pwned=\'details\'">',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=\'mxss\'">',
];
const ALL = PAYLOADS.join(' ');
const JS_URL = 'javascript:window.__pwned="url"';

function hostileOpenApi(): Record<string, unknown> {
  const schemaName = 'Evil"><img src=x onerror=window.__pwned=1>';
  return {
    openapi: '3.1.0',
    info: {
      title: `Pwn API ${PAYLOADS[0]}`,
      version: `1.0.0${PAYLOADS[1]}`,
      summary: PAYLOADS[2],
      description: `# Heading ${PAYLOADS[0]}\n\n${PAYLOADS.join('\n\n')}\n\n<div onclick="window.__pwned='div'">raw html</div>\n\n![img](javascript:window.__pwned=1)`,
      contact: { name: PAYLOADS[1], url: JS_URL, email: `a@b.c${PAYLOADS[0]}` },
      license: { name: PAYLOADS[3], url: JS_URL },
      'x-lifecycle': { stage: 'design', owner: `team${PAYLOADS[1]}`, sunset: PAYLOADS[4] },
      'x-logo': { url: JS_URL, altText: PAYLOADS[1] },
    },
    externalDocs: { url: JS_URL, description: ALL },
    servers: [
      {
        url: `${JS_URL}/{v}`,
        description: ALL,
        variables: { v: { default: PAYLOADS[2], enum: [PAYLOADS[2], PAYLOADS[1]], description: PAYLOADS[0] } },
      },
    ],
    tags: [{ name: `tag${PAYLOADS[1]}`, description: ALL, externalDocs: { url: JS_URL } }],
    paths: {
      [`/items/{id}${PAYLOADS[2]}`]: {
        get: {
          operationId: `get"onmouseover="window.__pwned='opid'"${PAYLOADS[1]}`,
          summary: PAYLOADS[0],
          description: ALL,
          tags: [`tag${PAYLOADS[1]}`],
          'x-interaction-style': PAYLOADS[1],
          'x-custom': { html: ALL, list: PAYLOADS },
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              description: ALL,
              schema: { type: 'string', pattern: PAYLOADS[1], example: PAYLOADS[0] },
            },
            {
              name: `q${PAYLOADS[1]}`,
              in: 'query',
              description: PAYLOADS[5],
              schema: { type: 'string', enum: PAYLOADS, default: PAYLOADS[4] },
            },
          ],
          responses: {
            '200': {
              description: ALL,
              headers: { [`X-${PAYLOADS[2]}`]: { description: ALL, schema: { type: 'string' } } },
              content: {
                'application/json': {
                  schema: { $ref: `#/components/schemas/${encodeURIComponent(schemaName)}` },
                  examples: { [`ex${PAYLOADS[1]}`]: { summary: PAYLOADS[0], description: ALL, value: { name: ALL, tags: PAYLOADS } } },
                },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        [schemaName]: {
          type: 'object',
          title: PAYLOADS[0],
          description: ALL,
          properties: {
            [`name${PAYLOADS[1]}`]: { type: 'string', description: ALL, examples: PAYLOADS, format: PAYLOADS[2] },
            kind: { type: 'string', enum: PAYLOADS, 'x-enum-descriptions': PAYLOADS },
          },
          example: { name: ALL },
          'x-extension': ALL,
        },
      },
      securitySchemes: { [`bearer${PAYLOADS[1]}`]: { type: 'http', scheme: 'bearer', description: ALL } },
    },
  };
}

function hostileAsyncApi(): Record<string, unknown> {
  return {
    asyncapi: '3.0.0',
    info: {
      title: `Pwn events ${PAYLOADS[0]}`,
      version: '1.0.0',
      description: ALL,
      'x-lifecycle': { stage: 'design', owner: PAYLOADS[1] },
      tags: [{ name: PAYLOADS[1], description: ALL }],
    },
    servers: { [`local${PAYLOADS[1]}`]: { host: `127.0.0.1:4222${PAYLOADS[2]}`, protocol: 'nats', description: ALL } },
    channels: {
      happened: {
        address: `pwn.${PAYLOADS[1]}.happened`,
        title: PAYLOADS[0],
        description: ALL,
        messages: {
          Happened: {
            name: `Happened${PAYLOADS[1]}`,
            title: PAYLOADS[0],
            summary: PAYLOADS[2],
            description: ALL,
            payload: { type: 'object', description: ALL, properties: { note: { type: 'string', enum: PAYLOADS, description: ALL } } },
            examples: [{ name: PAYLOADS[1], summary: ALL, payload: { note: ALL } }],
          },
        },
      },
    },
    operations: {
      sendHappened: {
        action: 'send',
        title: PAYLOADS[0],
        summary: ALL,
        description: ALL,
        channel: { $ref: '#/channels/happened' },
        messages: [{ $ref: '#/channels/happened/messages/Happened' }],
      },
    },
  };
}

/** Elements and attributes a payload would need in the DOM to run, counted on each page. */
const INJECTED = `(() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(el.tagName + '[' + attr.name + ']');
      if (/^(href|src|action|formaction|srcdoc|xlink:href)$/i.test(attr.name) && /^\\s*javascript:/i.test(attr.value)) found.push(el.tagName + '[' + attr.name + '=javascript:]');
    }
    if (el.tagName === 'SCRIPT' && !el.src && /__pwned/.test(el.textContent || '')) found.push('inline SCRIPT');
    if (el.tagName === 'IFRAME') found.push('IFRAME');
  }
  return found;
})()`;

/** Every `.html` file under the site, relative paths. */
async function pagesOf(site: string): Promise<string[]> {
  const entries = await readdir(site, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => relative(site, join(e.parentPath, e.name)))
    .sort();
}

/** Writes the hostile project, builds its portal with the CLI, opens every page in Chromium. */
export async function portalHostileContract(ctx: CaseContext): Promise<CaseResult> {
  const dir = join(ctx.dir, 'portal');
  await mkdir(join(dir, 'contracts', 'pwn'), { recursive: true });
  await writeFile(
    join(dir, 'apilife.config.yaml'),
    `contracts: contracts\ndocs:\n  title: ${JSON.stringify(`Portal ${PAYLOADS[1]}`)}\n  out: site\n`,
  );
  await writeFile(join(dir, 'contracts', 'pwn', 'openapi.yaml'), JSON.stringify(hostileOpenApi(), null, 1));
  await writeFile(join(dir, 'contracts', 'pwn', 'asyncapi.yaml'), JSON.stringify(hostileAsyncApi(), null, 1));
  const build = await runCli(['docs', 'build', '--no-changelog'], {
    cwd: dir,
    guard: { allow: [dir] },
    timeoutMs: 60_000,
    signal: ctx.signal,
    reportDir: join(ctx.dir, 'reports'),
  });
  const failures: string[] = [];
  if (build.exit !== 0)
    return {
      ok: false,
      figures: { buildExit: String(build.exit) },
      failures: [`apilife docs build ended with ${build.exit}: ${build.stderr.slice(0, 300)}`],
    };
  if (/broken/.test(build.stdout + build.stderr))
    failures.push(`a hostile contract was shown broken, so its texts were not rendered: ${(build.stdout + build.stderr).slice(0, 300)}`);
  const site = join(dir, 'site');
  const pages = await pagesOf(site);
  const browser = await launchChromium();
  let pwned = 0;
  let dialogs = 0;
  let injected = 0;
  let cspMissing = 0;
  let cspViolations = 0;
  let external = 0;
  const started = performance.now();
  try {
    const guarded = await openGuardedPage(browser);
    try {
      for (const page of pages) {
        if (ctx.signal.aborted) break;
        const url = pathToFileURL(join(site, page)).href;
        await guarded.page.goto(url, { waitUntil: 'load' });
        // Search the payloads' words: results are rendered from the index at run time.
        if (page === 'index.html') {
          for (const query of ['pwned', '<img', 'script', 'Happened']) {
            await guarded.page.keyboard.press('/');
            await guarded.page.keyboard.type(query);
            await guarded.page.waitForTimeout(100);
            await guarded.page.keyboard.press('Escape');
          }
        }
        // Image errors and toggles fire after load.
        await guarded.page.waitForTimeout(50);
        const state = (await guarded.page.evaluate(
          `({ pwned: window.__pwned ?? null, csp: [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')].map((m) => m.content), injected: ${INJECTED} })`,
        )) as {
          pwned: string | null;
          csp: string[];
          injected: string[];
        };
        if (state.pwned !== null) {
          pwned++;
          failures.push(`${page}: a payload ran (window.__pwned = ${state.pwned})`);
        }
        if (state.injected.length > 0) {
          injected += state.injected.length;
          failures.push(`${page}: payload markup in the DOM: ${[...new Set(state.injected)].slice(0, 5).join(', ')}`);
        }
        const csp = state.csp.join('; ');
        const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)?.[1];
        if (!scriptSrc || /'unsafe-inline'|'unsafe-eval'|\*|data:|javascript:/.test(scriptSrc)) {
          cspMissing++;
          failures.push(`${page}: no strict script-src in its Content-Security-Policy (${csp || 'none'})`);
        }
        const problems = guarded.problems(true);
        dialogs += problems.filter((p) => p.startsWith('dialog')).length;
        external += problems.filter((p) => p.startsWith('external request')).length;
        const violations = problems.filter((p) => /Content Security Policy|Refused to/.test(p));
        cspViolations += violations.length;
        // A CSP violation is a payload that reached the DOM and was stopped only by the policy.
        for (const problem of problems.filter(
          (p) => p.startsWith('dialog') || p.startsWith('external') || /Content Security Policy|Refused to/.test(p),
        ))
          failures.push(`${page}: ${problem.slice(0, 200)}`);
      }
    } finally {
      await guarded.close();
    }
  } finally {
    await browser.close();
  }
  return {
    ok: failures.length === 0,
    figures: {
      payloads: PAYLOADS.length,
      pages: pages.length,
      buildMs: round(build.ms),
      browseMs: round(performance.now() - started),
      scriptsRun: pwned,
      dialogs,
      injected,
      cspViolations,
      pagesWithoutStrictCsp: cspMissing,
      externalRequests: external,
      buildOutward: build.network.length,
      buildOutsideReads: build.reads.length,
    },
    ...(failures.length > 0 ? { failures: failures.slice(0, 20) } : {}),
  };
}
