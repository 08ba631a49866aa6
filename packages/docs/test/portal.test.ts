import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadProjectConfig } from '@apilife/contract';
import { tempProject, type TempProject } from '@apilife/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUSE_RULES } from '@apilife/lint/rules';
import { buildPortal, servePortal, type BuildPortalReport } from '../src/index.ts';
import { checkLinks } from './site-links.ts';

/**
 * The portal as a whole, in Node: the site written for this repository's contracts (every API,
 * its pages, search entries and consumers from the pact files), a broken contract shown as broken
 * while the rest builds, hostile contract text escaped, the output folder guarded, the changelog
 * and lifecycle history from git, and `servePortal` (loopback, no path outside the site, rebuild on
 * change). What a browser sees is proven in browser.test.ts.
 */
const REPO = resolve(import.meta.dirname, '../../..');
const TODAY = '2026-12-07';

const html = (out: string) =>
  readdirSync(out, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => ({ file: f, text: readFileSync(join(out, f), 'utf8') }));

describe('the portal of this repository', () => {
  let out: string;
  let report: BuildPortalReport;
  beforeAll(async () => {
    out = join(mkdtempSync(join(tmpdir(), 'apilife-portal-')), 'site');
    report = await buildPortal({ config: await loadProjectConfig(REPO), out, today: TODAY, changelog: false });
  });
  afterAll(() => rmSync(resolve(out, '..'), { recursive: true, force: true }));

  it('writes the catalog, the system graph, a page per API and per contract file, and the assets', () => {
    const apis = report.site.apis;
    expect(apis.length).toBeGreaterThanOrEqual(11);
    expect(report.broken).toBe(0);
    expect(report.pages).toEqual(expect.arrayContaining(['index.html', 'system.html', ...apis.map((a) => a.href)]));
    expect(report.pages).toContain('files/_shared/problem.yaml.html');
    for (const asset of ['portal.css', 'portal.js', 'reference.css', 'graph.css', 'search-index.js'])
      expect(existsSync(join(out, 'assets', asset)), asset).toBe(true);
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    for (const api of apis) expect(home).toContain(`href="${api.href}"`);
    expect(home).toContain('<h1>Drone Delivery APIs</h1>');
  });

  it('indexes every operation, channel and message for search', () => {
    const text = readFileSync(join(out, 'assets', 'search-index.js'), 'utf8');
    const entries = JSON.parse(
      text
        .slice(text.indexOf('=') + 1)
        .trim()
        .replace(/;$/, ''),
    ) as { kind: string; title: string; href: string }[];
    for (const api of report.site.apis) {
      if (api.ir?.kind === 'openapi')
        for (const op of api.ir.api.operations)
          expect(
            entries.some((e) => e.kind === 'operation' && e.href.startsWith(api.href) && e.title === op.operationId),
            op.operationId,
          ).toBe(true);
      if (api.ir?.kind === 'asyncapi') {
        for (const op of api.ir.messaging.operations)
          expect(
            entries.some((e) => e.kind === 'operation' && e.href.startsWith(api.href)),
            op.operationId,
          ).toBe(true);
        expect(entries.filter((e) => e.kind === 'channel' && e.href.startsWith(api.href)).length).toBe(api.ir.messaging.channels.length);
        expect(entries.some((e) => e.kind === 'message' && e.href.startsWith(api.href))).toBe(true);
      }
    }
  });

  it("names each operation's consumers from the pact files, down to the interactions", () => {
    const delivery = report.site.apis.find((a) => a.path === 'delivery/openapi.yaml')!;
    const pacts = JSON.parse(readFileSync(join(REPO, 'pacts', 'gateway-delivery.json'), 'utf8')) as {
      interactions: { description: string }[];
    };
    const used = [...delivery.consumers.values()].flat().filter((c) => c.consumer === 'gateway');
    expect(used.length).toBeGreaterThan(0);
    // Every HTTP interaction of the gateway's pact lands on an operation of the Delivery API.
    expect(new Set(used.flatMap((c) => c.interactions))).toEqual(new Set(pacts.interactions.map((i) => i.description)));
    const page = readFileSync(join(out, delivery.href), 'utf8');
    expect(page).toContain('gateway <span class="muted">(pacts/gateway-delivery.json)</span>');
  });

  it('marks deprecated operations with their sunset on the catalog', () => {
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    const deprecated = report.site.apis.flatMap((a) => a.status?.deprecated ?? []);
    expect(deprecated.length).toBeGreaterThan(0);
    for (const d of deprecated) {
      expect(home).toContain(`<code>${d.name}</code>`);
      if (d.sunset) expect(home).toContain(`Sunset ${d.sunset}`);
    }
  });

  it('has a page per house lint rule, linked from every page, at the path SARIF links to', async () => {
    const { lint } = await import('@apilife/lint');
    const config = { ...(await loadProjectConfig(REPO)) };
    config.docs = { ...config.docs, url: 'https://portal.example.com' };
    // An empty folder: no contract is linted, the rules are described.
    const none = mkdtempSync(join(tmpdir(), 'apilife-no-contracts-'));
    const lintReport = await lint({ config, files: [none], cache: false, cwd: REPO, rules: true });
    rmSync(none, { recursive: true });
    const house = lintReport.rules.filter((r) => r.source === 'apilife' && r.help);
    expect(house.map((r) => r.code).sort()).toEqual(HOUSE_RULES.map((r) => `apilife/${r.id}`).sort());
    for (const rule of house) {
      const path = rule.helpUri!.replace('https://portal.example.com/', '');
      expect(report.pages, rule.code).toContain(path);
      const page = readFileSync(join(out, path), 'utf8');
      const id = rule.code.slice('apilife/'.length);
      const source = HOUSE_RULES.find((r) => r.id === id)!;
      expect(page).toContain(`<h1><code>${rule.code}</code></h1>`);
      for (const part of ['id="why"', 'id="failing"', 'id="passing"', 'id="suppress"', `<dd>${source.severity}</dd>`])
        expect(page, `${id} ${part}`).toContain(part);
      expect(page).toContain(`x-lint-ignore:\n  ${rule.code}: &quot;why this place is an exception&quot;`);
    }
    const index = readFileSync(join(out, 'rules', 'index.html'), 'utf8');
    for (const rule of HOUSE_RULES) expect(index).toContain(`<a href="${rule.id}.html"><code>apilife/${rule.id}</code></a>`);
    for (const { file, text } of html(out))
      expect(text, file).toMatch(/<a href="(\.\.\/)*rules\/index\.html"( aria-current="page")?>Lint rules<\/a>/);
  });

  it('has no broken link, the rule pages and the navigation to them included', () => {
    const { problems, checked } = checkLinks(out);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(HOUSE_RULES.length * HOUSE_RULES.length);
  });

  it('links only inside the site: no URL of another host in any src or stylesheet, no inline script', () => {
    for (const { file, text } of html(out)) {
      expect(text, file).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)="(https?:)?\/\//i);
      expect(text, file).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      expect(text, file).toContain('Content-Security-Policy');
    }
  });
});

describe('bad input', () => {
  let project: TempProject;
  let out: string;
  let report: BuildPortalReport;
  beforeAll(async () => {
    project = tempProject('contracts: contracts\nlint:\n  cache: false\ndocs:\n  title: Hostile <b>portal</b>\n');
    const hostile = '<script>window.__pwned = 1</script>"><img src=x onerror="window.__pwned=2">';
    project.write('contracts/good/openapi.yaml', {
      openapi: '3.1.0',
      info: { title: `Good ${hostile}`, version: '1.0.0', description: `[click](javascript:alert(1)) ${hostile}` },
      paths: {
        '/things/{id}': {
          get: {
            operationId: 'getThing',
            summary: hostile,
            parameters: [
              { name: 'id', in: 'path', required: true, schema: { type: 'string', example: '</script><script>window.__pwned=3</script>' } },
            ],
            responses: {
              '200': {
                description: hostile,
                content: {
                  'application/json': {
                    schema: { type: 'object', properties: { name: { type: 'string', enum: [hostile] } } },
                    example: { name: hostile },
                  },
                },
              },
            },
          },
        },
      },
    });
    project.write('contracts/broken/openapi.yaml', 'openapi: 3.1.0\ninfo:\n  title: Broken\n  version: 1.0.0\npaths: {\n  /a: [\n');
    project.write('contracts/_shared/schemas.yaml', { components: { schemas: { X: { type: 'string' } } } });
    out = project.path('site');
    report = await buildPortal({ config: await loadProjectConfig(project.root), out, today: TODAY });
  });
  afterAll(() => project.remove());

  it('shows a contract that cannot be read as broken, with where and why, and builds the rest', () => {
    expect(report.broken).toBe(1);
    const broken = report.site.apis.find((a) => a.service === 'broken')!;
    expect(broken.error).toMatch(/^broken\/openapi\.yaml:\d+:\d+: /);
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    expect(home).toMatch(/<article class="api-card broken"[\s\S]*?broken\/openapi\.yaml:\d+:\d+/);
    expect(existsSync(join(out, 'apis/good/openapi.html'))).toBe(true);
    expect(existsSync(join(out, 'apis/broken/openapi.html'))).toBe(true);
    expect(report.site.apis.map((a) => a.service)).not.toContain('_shared');
  });

  it('escapes hostile strings everywhere: no planted tag, handler or javascript: link survives', () => {
    for (const { file, text } of html(out)) {
      expect(text, file).not.toContain('<script>window.__pwned');
      expect(text, file).not.toContain('</script><script>');
      expect(text, file).not.toMatch(/<img src=x/i);
      expect(text, file).not.toMatch(/href="javascript:/i);
      expect(text, file).not.toContain('<b>portal</b>');
    }
    const search = readFileSync(join(out, 'assets', 'search-index.js'), 'utf8');
    expect(search).not.toMatch(/<\/?script/i);
  });

  it('replaces only a folder it wrote: a non-empty folder of something else, or one holding the project, is refused', async () => {
    const config = await loadProjectConfig(project.root);
    mkdirSync(project.path('mine'));
    writeFileSync(project.path('mine/notes.txt'), 'keep me');
    await expect(buildPortal({ config, out: project.path('mine'), changelog: false })).rejects.toThrow(
      /not empty and was not written by apilife docs build/,
    );
    expect(readFileSync(project.path('mine/notes.txt'), 'utf8')).toBe('keep me');
    await expect(buildPortal({ config, out: project.root, changelog: false })).rejects.toThrow(/cannot hold the project/);
    await expect(buildPortal({ config, out: project.path('contracts'), changelog: false })).rejects.toThrow(
      /cannot hold the project or its contracts/,
    );
    // Its own folder is replaced: a stale page of an API that is gone disappears.
    writeFileSync(join(out, 'apis', 'stale.html'), 'old');
    await buildPortal({ config, out, changelog: false });
    expect(existsSync(join(out, 'apis', 'stale.html'))).toBe(false);
  });
});

describe('a hostile corpus', () => {
  it('shows each attack as a broken contract with its reason, reads nothing outside the root, and builds the rest', async () => {
    const project = tempProject();
    try {
      const aliases = ['x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
      for (let i = 1; i < 12; i++)
        aliases.push(
          `x${i}: &a${i} [${Array(9)
            .fill(`*a${i - 1}`)
            .join(', ')}]`,
        );
      project.write(
        'contracts/bomb/openapi.yaml',
        `openapi: 3.1.0\ninfo: {title: Bomb, version: 1.0.0}\npaths: {}\n${aliases.join('\n')}\n`,
      );
      project.write(
        'contracts/deep/openapi.json',
        `{"openapi":"3.1.0","info":{"title":"Deep","version":"1.0.0"},"paths":{},"x-deep":${'{"x":'.repeat(3000)}{}${'}'.repeat(3000)}}`,
      );
      const refTo = (ref: string) => ({
        openapi: '3.1.0',
        info: { title: ref, version: '1.0.0' },
        paths: {
          '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: ref } } } } } } },
        },
      });
      project.write('contracts/remote/openapi.yaml', refTo('http://127.0.0.1:9/x.yaml#/X'));
      project.write('contracts/outside/openapi.yaml', refTo('../../../../../../etc/passwd#/X'));
      project.write('contracts/loop/openapi.yaml', {
        ...refTo('#/components/schemas/A'),
        components: { schemas: { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } } },
      });
      project.write('contracts/fine/openapi.yaml', {
        ...refTo('#/components/schemas/Node'),
        components: { schemas: { Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } } } },
      });
      execFileSync('mkfifo', [project.path('contracts/fine/asyncapi.yaml')]);
      const report = await buildPortal({
        config: await loadProjectConfig(project.root),
        out: project.path('site'),
        today: TODAY,
        changelog: false,
      });
      const errors = Object.fromEntries(report.site.apis.map((a) => [a.service, a.error ?? 'read']));
      expect(errors).toEqual({
        bomb: expect.stringMatching(/^bomb\/openapi\.yaml:\d+:\d+: YAML aliases expand past the limit/),
        deep: expect.stringMatching(/^deep\/openapi\.json:1:\d+: nesting deeper than the limit/),
        remote: expect.stringMatching(/points to a remote URL; apilife makes no network connections/),
        outside: expect.stringMatching(/points outside the contracts root/),
        loop: expect.stringMatching(/starts a loop of \$refs/),
        fine: 'read',
      });
      // The recursive schema renders as a link to itself; nothing of /etc/passwd is in the site.
      expect(readFileSync(join(report.out, 'apis/fine/openapi.html'), 'utf8')).toContain('href="#schema-Node"');
      for (const { file, text } of html(report.out)) expect(text, file).not.toMatch(/root:x:0:0/);
    } finally {
      project.remove();
    }
  });
});

describe('history: the changelog and the lifecycle stages from git', () => {
  let project: TempProject;
  beforeAll(() => {
    project = tempProject();
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], {
        cwd: project.root,
        stdio: 'pipe',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'a',
          GIT_AUTHOR_EMAIL: 'a@example.com',
          GIT_COMMITTER_NAME: 'a',
          GIT_COMMITTER_EMAIL: 'a@example.com',
        },
      });
    const contract = (version: string, stage: string, total: object) => ({
      openapi: '3.1.0',
      info: { title: 'Orders', version, 'x-lifecycle': { stage, owner: 'team-orders' } },
      paths: {
        '/orders': {
          get: {
            operationId: 'listOrders',
            responses: {
              '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { total: total } } } } },
            },
          },
        },
      },
    });
    git('init', '-q', '-b', 'main');
    project.write('contracts/orders/openapi.yaml', contract('1.0.0', 'design', { type: 'integer' }));
    git('add', '.');
    git('commit', '-q', '-m', 'orders 1.0.0');
    project.write('contracts/orders/openapi.yaml', contract('2.0.0', 'develop', { type: 'string' }));
    git('commit', '-q', '-am', 'orders 2.0.0');
  });
  afterAll(() => project.remove());

  it('shows each release with its changes in words, and the stage each release was in', async () => {
    const out = project.path('site');
    const report = await buildPortal({ config: await loadProjectConfig(project.root), out, today: TODAY });
    const orders = report.site.apis[0]!;
    expect(orders.changelog?.versions.map((v) => [v.version, v.stage])).toEqual([
      ['2.0.0', 'develop'],
      ['1.0.0', 'design'],
    ]);
    const page = readFileSync(join(out, orders.href), 'utf8');
    expect(page).toMatch(/<h3>2\.0\.0 <span class="muted">— \d{4}-\d{2}-\d{2}<\/span>/);
    expect(page).toContain('Breaking changes');
    expect(page).toContain('property <code>total</code> of the 200 response became a string (was an integer)');
    expect(page).toMatch(/stage-design">design<\/span> from 1\.0\.0[\s\S]*stage-develop">develop<\/span> from 2\.0\.0/);
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    expect(home).toMatch(/Last release<\/dt><dd>2\.0\.0 · \d{4}-\d{2}-\d{2} · <span class="count count-breaking">1 breaking<\/span>/);
    // The card lists the release's changes, breaking first.
    expect(home).toContain(
      '<li class="change-breaking"><code>GET /orders</code> property <code>total</code> of the 200 response became a string (was an integer)</li>',
    );
  });
});

describe('servePortal', () => {
  let project: TempProject;
  let server: Awaited<ReturnType<typeof servePortal>>;
  const builds: string[] = [];
  beforeAll(async () => {
    project = tempProject();
    project.write('contracts/pets/openapi.yaml', {
      openapi: '3.1.0',
      info: { title: 'Pets', version: '1.0.0' },
      paths: { '/pets': { get: { operationId: 'listPets', responses: { '200': { description: 'ok' } } } } },
    });
    server = await servePortal({
      config: await loadProjectConfig(project.root),
      out: project.path('site'),
      port: 0,
      changelog: false,
      onBuild: ({ report, error }) => builds.push(error ? `error: ${error.message}` : `${report!.site.apis.map((a) => a.title).join(',')}`),
    });
  });
  afterAll(async () => {
    await server.close();
    project.remove();
  });

  /** A raw request: the path as written, not normalised by a URL parser. */
  const get = (path: string, method = 'GET') =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((ok, fail) => {
      const url = new URL(server.url);
      const req = request({ host: url.hostname, port: url.port, path, method }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => ok({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on('error', fail);
      req.end();
    });

  it('serves the site on loopback with the pages’ CSP, and nothing else', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(home.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(home.headers['x-content-type-options']).toBe('nosniff');
    expect(home.body).toContain('apis/pets/openapi.html');
    expect((await get('/assets/portal.js')).headers['content-type']).toMatch(/javascript/);
    for (const path of [
      '/../../../etc/passwd',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/.apilife-docs',
      '/apis/%00',
      '/nope.html',
    ])
      expect((await get(path)).status, path).toBe(404);
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/', 'POST')).status).toBe(405);
    await expect(servePortal({ config: await loadProjectConfig(project.root), host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
  });

  it('rebuilds when a contract changes', async () => {
    project.write('contracts/pets/openapi.yaml', {
      openapi: '3.1.0',
      info: { title: 'Pets renamed', version: '1.0.1' },
      paths: { '/pets': { get: { operationId: 'listPets', responses: { '200': { description: 'ok' } } } } },
    });
    await expect.poll(() => builds.at(-1), { timeout: 20_000, interval: 100 }).toBe('Pets renamed');
    expect((await get('/')).body).toContain('Pets renamed');
  });
});
