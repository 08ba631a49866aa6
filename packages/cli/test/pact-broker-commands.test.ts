/**
 * The broker subcommands of `apilife pact` against a recording stand-in broker: the exact requests
 * they send (the official CLI's, research §1.3), what they print, and their exit codes. The real
 * broker's end-to-end runs are in pact-broker-e2e.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runApilife } from './run-cli.ts';

interface Seen {
  method: string;
  url: string;
  body: unknown;
  headers: IncomingMessage['headers'];
}
type Answer = { status: number; body: unknown };

let server: Server;
let url: string;
let seen: Seen[] = [];
let answers: Record<string, Answer | ((body: unknown) => Answer)> = {};
let dir: string;

const INDEX = {
  _links: {
    'pb:publish-contracts': { href: 'http://elsewhere.example/contracts/publish' },
    'pb:environments': { href: '/environments' },
  },
};

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const body = text === '' ? undefined : JSON.parse(text);
    seen.push({ method: req.method!, url: req.url!, body, headers: req.headers });
    const found = answers[`${req.method} ${req.url}`] ?? (req.url === '/' ? { status: 200, body: INDEX } : undefined);
    const answer = typeof found === 'function' ? found(body) : (found ?? { status: 404, body: { error: 'not found' } });
    res.writeHead(answer.status, { 'content-type': 'application/hal+json;charset=utf-8' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'apilife-pact-broker-'));
  writeFileSync(join(dir, 'apilife.config.yaml'), 'contracts: .\n');
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  seen = [];
  answers = {};
});

const pact = (consumer: string, provider: string, description = 'a request') => ({
  consumer: { name: consumer },
  provider: { name: provider },
  interactions: [{ description, request: { method: 'GET', path: '/' }, response: { status: 200 } }],
  metadata: { pactSpecification: { version: '4.0' } },
});

function apilife(args: string[]) {
  return runApilife(['pact', ...args, '--broker-url', url, '--broker-token', 's3cr3t'], dir);
}

describe('apilife pact publish', () => {
  it('posts one publication per pair to pb:publish-contracts (its path on the configured broker), with the token, printing notices', async () => {
    writeFileSync(join(dir, 'web-orders.json'), JSON.stringify(pact('web', 'orders')));
    writeFileSync(join(dir, 'web-orders-2.json'), JSON.stringify(pact('web', 'orders', 'another request')));
    writeFileSync(join(dir, 'billing-orders.json'), JSON.stringify(pact('billing', 'orders')));
    answers['POST /contracts/publish'] = { status: 200, body: { notices: [{ type: 'success', text: 'Created web version 1.0.0' }] } };
    const run = await apilife([
      'publish',
      '.',
      '--consumer-app-version',
      '1.0.0',
      '--branch',
      'main',
      '--tag',
      'v1',
      '--tag',
      'v2',
      '--build-url',
      'http://ci/1',
    ]);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    const posts = seen.filter((s) => s.method === 'POST');
    expect(posts.map((p) => (p.body as { pacticipantName: string }).pacticipantName)).toEqual(['billing', 'web']);
    expect(posts[1]!.headers.authorization).toBe('Bearer s3cr3t');
    expect(posts[1]!.body).toMatchObject({
      pacticipantVersionNumber: '1.0.0',
      branch: 'main',
      tags: ['v1', 'v2'],
      buildUrl: 'http://ci/1',
      contracts: [
        { consumerName: 'web', providerName: 'orders', specification: 'pact', contentType: 'application/json', onConflict: 'overwrite' },
      ],
    });
    const content = JSON.parse(
      Buffer.from((posts[1]!.body as { contracts: { content: string }[] }).contracts[0]!.content, 'base64').toString(),
    );
    expect(content.interactions.map((i: { description: string }) => i.description)).toEqual(['another request', 'a request']); // files in path order
    expect(run.stdout).toMatch(/✓ web → orders · web 1\.0\.0 \(main\) · web-orders-2\.json, web-orders\.json/);
    expect(run.stderr).toMatch(/✓ Created web version 1\.0\.0/);
  });

  it("exits 1 with the broker's errors and notices when it refuses (409)", async () => {
    writeFileSync(join(dir, 'only.json'), JSON.stringify(pact('web', 'orders')));
    answers['POST /contracts/publish'] = {
      status: 409,
      body: {
        errors: { contracts: ['Cannot change the content of the pact for web version 1.0.0 and provider orders'] },
        notices: [{ type: 'error', text: 'Cannot change the content' }],
      },
    };
    const run = await apilife(['publish', 'only.json', '--consumer-app-version', '1.0.0']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/409 contracts: Cannot change the content of the pact for web version 1\.0\.0/);
    expect(run.stderr).toMatch(/✘ Cannot change the content/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for an unreadable pact, a missing broker, an unreachable broker (no stack)', async () => {
    writeFileSync(join(dir, 'broken.json'), '{');
    expect((await apilife(['publish', 'broken.json', '--consumer-app-version', '1'])).stderr).toMatch(/broken\.json: not JSON/);
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(pact('web', 'orders')));
    const none = await runApilife(['pact', 'publish', 'ok.json', '--consumer-app-version', '1'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no broker configured/);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const dead = await runApilife(
      ['pact', 'publish', 'ok.json', '--consumer-app-version', '1', '--broker-url', `http://127.0.0.1:${port}`],
      dir,
    );
    expect(dead.code).toBe(2);
    expect(dead.stderr).toContain(`cannot reach the broker at http://127.0.0.1:${port} (ECONNREFUSED)`);
    expect(dead.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('apilife pact can-i-deploy', () => {
  const yes = {
    summary: {
      deployable: true,
      reason: 'All required verification results are published and successful',
      success: 1,
      failed: 0,
      unknown: 0,
    },
    notices: [{ type: 'success', text: 'All required verification results are published and successful' }],
    matrix: [
      {
        consumer: { name: 'web', version: { number: '1.0.0' } },
        provider: { name: 'orders', version: { number: '2.0.0' } },
        verificationResult: { success: true, _links: { self: { href: 'http://b/verification-results/1' } } },
      },
    ],
  };

  it('sends the official query (versions belong to the pacticipant before them) and exits 0 on yes, printing the matrix', async () => {
    const path =
      '/matrix?q[][pacticipant]=web&q[][version]=1.0.0&q[][pacticipant]=orders&q[][latest]=true&q[][tag]=prod&ignore[][pacticipant]=legacy&ignore[][version]=0.9&latestby=cvpv';
    answers[`GET ${path}`] = { status: 200, body: yes };
    const run = await apilife([
      'can-i-deploy',
      '-a',
      'web',
      '--version',
      '1.0.0',
      '--pacticipant',
      'orders',
      '--latest',
      'prod',
      '--ignore',
      'legacy',
      '--version',
      '0.9',
    ]);
    expect(seen.map((s) => s.url)).toEqual([path]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/CONSUMER\s+C\.VERSION\s+PROVIDER\s+P\.VERSION\s+SUCCESS\?/);
    expect(run.stdout).toMatch(/web\s+1\.0\.0\s+orders\s+2\.0\.0\s+true\s+http:\/\/b\/verification-results\/1/);
    expect(run.stdout).toMatch(/✓ Computer says yes \\o\/: All required verification results/);
  });

  it.each([
    ['no', false, 1],
    ['unknown', null, 1],
  ])('exits 1 when the answer is %s, 0 with --dry-run, and keeps the exit code with --format json', async (_name, deployable, code) => {
    const path = '/matrix?q[][pacticipant]=web&q[][version]=1.0.0&latestby=cvpv&environment=production';
    answers[`GET ${path}`] = {
      status: 200,
      body: { ...yes, summary: { ...yes.summary, deployable, reason: 'There is no verified pact' } },
    };
    const args = ['can-i-deploy', '--pacticipant', 'web', '--version', '1.0.0', '--to-environment', 'production'];
    const text = await apilife(args);
    expect(text.code).toBe(code);
    expect(text.stdout).toMatch(/✘ Computer says no.*: There is no verified pact/);
    expect((await apilife([...args, '--dry-run'])).code).toBe(0);
    const json = await apilife([...args, '--format', 'json']);
    expect(json.code).toBe(code);
    expect(JSON.parse(json.stdout)).toMatchObject({ deployable, summary: { reason: 'There is no verified pact' }, matrix: yes.matrix });
  });

  it('can-i-merge asks against the main branches', async () => {
    const path = '/matrix?q[][pacticipant]=web&q[][version]=1.0.0&latestby=cvp&latest=true&mainBranch=true';
    answers[`GET ${path}`] = { status: 200, body: yes };
    expect((await apilife(['can-i-merge', '--pacticipant', 'web', '--version', '1.0.0'])).code).toBe(0);
    expect(seen.map((s) => s.url)).toEqual([path]);
  });

  it('asks again while the answer is unknown (--retry-while-unknown)', async () => {
    const path = '/matrix?q[][pacticipant]=web&q[][version]=1.0.0&latestby=cvp&latest=true';
    let asked = 0;
    answers[`GET ${path}`] = () => ({ status: 200, body: { ...yes, summary: { ...yes.summary, deployable: ++asked < 3 ? null : true } } });
    const run = await apilife(['can-i-deploy', '-a', 'web', '-e', '1.0.0', '--retry-while-unknown', '5', '--retry-interval', '0']);
    expect(run.code).toBe(0);
    expect(asked).toBe(3);
    expect(run.stderr).toMatch(/the answer is unknown: asking again in 0s \(2\/5\)/);
  });

  it('a --version before any --pacticipant, or a broker 400, are usage and refusal errors', async () => {
    const early = await apilife(['can-i-deploy', '--version', '1', '--pacticipant', 'web']);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/--version belongs to a --pacticipant/);
    answers['GET /matrix?q[][pacticipant]=ghost&q[][version]=1&latestby=cvp&latest=true'] = {
      status: 400,
      body: { errors: ['Pacticipant ghost not found'] },
    };
    const ghost = await apilife(['can-i-deploy', '-a', 'ghost', '-e', '1']);
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toMatch(/Pacticipant ghost not found/);
  });
});

describe('apilife pact record-*', () => {
  const version = {
    number: '1.0.0',
    _links: {
      'pb:record-deployment': [
        { name: 'test', href: 'http://b/pacticipants/web/versions/1.0.0/deployed-versions/environment/u-test' },
        { name: 'production', href: 'http://b/pacticipants/web/versions/1.0.0/deployed-versions/environment/u-prod' },
      ],
      'pb:record-release': [{ name: 'production', href: 'http://b/pacticipants/web/versions/1.0.0/released-versions/environment/u-prod' }],
    },
  };

  it('record-deployment posts to the version link named by the environment, with the application instance', async () => {
    answers['GET /pacticipants/web/versions/1.0.0'] = { status: 200, body: version };
    answers['POST /pacticipants/web/versions/1.0.0/deployed-versions/environment/u-prod'] = { status: 201, body: { uuid: 'd1' } };
    const run = await apilife([
      'record-deployment',
      '--pacticipant',
      'web',
      '--version',
      '1.0.0',
      '--environment',
      'production',
      '--application-instance',
      'blue',
    ]);
    expect(run.code).toBe(0);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /pacticipants/web/versions/1.0.0',
      'POST /pacticipants/web/versions/1.0.0/deployed-versions/environment/u-prod',
    ]);
    expect(seen[1]!.body).toEqual({ applicationInstance: 'blue', target: 'blue' });
    expect(run.stdout).toMatch(/✓ recorded deployment of web 1\.0\.0 to production \(instance blue\)/);
  });

  it('record-release posts {}; an unknown environment or version exits 1', async () => {
    answers['GET /pacticipants/web/versions/1.0.0'] = { status: 200, body: version };
    answers['POST /pacticipants/web/versions/1.0.0/released-versions/environment/u-prod'] = { status: 201, body: {} };
    expect((await apilife(['record-release', '-a', 'web', '-e', '1.0.0', '--environment', 'production'])).code).toBe(0);
    expect(seen.at(-1)!.body).toEqual({});
    const nowhere = await apilife(['record-deployment', '-a', 'web', '-e', '1.0.0', '--environment', 'nowhere']);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toMatch(/environment nowhere does not exist/);
    const unknown = await apilife(['record-deployment', '-a', 'web', '-e', '9.9.9', '--environment', 'production']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/web version 9\.9\.9 not found/);
  });

  it('record-undeployment finds the environment by name and patches its currently deployed versions of the pacticipant', async () => {
    answers['GET /environments'] = { status: 200, body: { _embedded: { environments: [{ uuid: 'u-prod', name: 'production' }] } } };
    answers['GET /environments/u-prod'] = {
      status: 200,
      body: {
        _links: {
          'pb:currently-deployed-deployed-versions': { href: 'http://b/environments/u-prod/deployed-versions/currently-deployed' },
        },
      },
    };
    answers['GET /environments/u-prod/deployed-versions/currently-deployed?pacticipant=web'] = {
      status: 200,
      body: {
        _embedded: {
          deployedVersions: [
            {
              applicationInstance: 'blue',
              _embedded: { pacticipant: { name: 'web' } },
              _links: { self: { href: 'http://b/deployed-versions/d1' } },
            },
            {
              applicationInstance: 'green',
              _embedded: { pacticipant: { name: 'web' } },
              _links: { self: { href: 'http://b/deployed-versions/d2' } },
            },
          ],
        },
      },
    };
    answers['PATCH /deployed-versions/d1'] = { status: 200, body: {} };
    const run = await apilife(['record-undeployment', '-a', 'web', '--environment', 'production', '--application-instance', 'blue']);
    expect(run.code).toBe(0);
    const patch = seen.at(-1)!;
    expect([patch.method, patch.url, patch.headers['content-type'], patch.body]).toEqual([
      'PATCH',
      '/deployed-versions/d1',
      'application/merge-patch+json',
      { currentlyDeployed: false },
    ]);
  });
});

describe('apilife pact <broker subcommand> --help', () => {
  it.each([
    'publish',
    'verify',
    'can-i-deploy',
    'can-i-merge',
    'record-deployment',
    'record-undeployment',
    'record-release',
    'record-support-ended',
  ])('%s --help shows its usage, exit codes and examples', async (sub) => {
    const run = await runApilife(['pact', sub, '--help'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^usage: apilife pact ${sub} `));
    expect(run.stdout).toMatch(/Exit codes: 0/);
    expect(run.stdout).toMatch(/--broker-url/);
    expect(run.stdout).toMatch(/Examples:\n {2}apilife pact/);
  });
});
