// Posts the check's Markdown report (the file named as the argument) on the pull request as ONE
// comment, found again by its hidden marker and updated on every run instead of adding another.
// Plain Node (20+): fetch to $GITHUB_API_URL with $GITHUB_TOKEN, the pull request from the event in
// $GITHUB_EVENT_PATH. A comment that cannot be posted (a fork's read-only token) is a warning: the
// check's own exit code decides the job.
import { readFileSync } from 'node:fs';

const MARKER = '<!-- apilife-check -->';
/** GitHub refuses comments over 65,536 characters. */
const MAX_BODY = 65_000;

const env = process.env;
const file = process.argv[2] ?? 'apilife-check.md';
const api = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
const repo = env.GITHUB_REPOSITORY;
const token = env.GITHUB_TOKEN;

const event = env.GITHUB_EVENT_PATH ? JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : {};
const number = event.pull_request?.number;
if (!number || !repo) {
  console.log('not a pull request: no comment');
  process.exit(0);
}
if (!token) {
  console.log('::warning::apilife: no token to comment with (the token input)');
  process.exit(0);
}

let report = readFileSync(file, 'utf8').trim();
if (report === '') {
  console.log(`${file} is empty: no comment`);
  process.exit(0);
}
if (report.length > MAX_BODY) report = `${report.slice(0, MAX_BODY)}\n\n… (cut: the whole report is in the job's summary)`;
const run =
  env.GITHUB_RUN_ID && env.GITHUB_SERVER_URL
    ? `\n\n<sub>[apilife check run](${env.GITHUB_SERVER_URL}/${repo}/actions/runs/${env.GITHUB_RUN_ID})</sub>`
    : '';
const body = `${MARKER}\n${report}${run}\n`;

async function github(method, path, payload) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${token}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': 'apilife-action',
      ...(payload ? { 'content-type': 'application/json' } : {}),
    },
    ...(payload ? { body: JSON.stringify(payload) } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) {
    const text = await response.text();
    throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  }
  return response.status === 204 ? undefined : response.json();
}

try {
  let existing;
  for (let page = 1; page <= 20 && !existing; page++) {
    const comments = await github('GET', `/repos/${repo}/issues/${number}/comments?per_page=100&page=${page}`);
    existing = comments.find((c) => typeof c.body === 'string' && c.body.startsWith(MARKER));
    if (comments.length < 100) break;
  }
  if (existing) {
    await github('PATCH', `/repos/${repo}/issues/comments/${existing.id}`, { body });
    console.log(`updated the apilife comment on #${number} (${existing.html_url ?? existing.id})`);
  } else {
    const created = await github('POST', `/repos/${repo}/issues/${number}/comments`, { body });
    console.log(`commented on #${number} (${created?.html_url ?? created?.id})`);
  }
} catch (error) {
  // 403 on a fork's pull request, or a job without `pull-requests: write`.
  console.log(`::warning::apilife: could not comment on #${number}: ${error.message} (the job needs permissions: pull-requests: write)`);
}
