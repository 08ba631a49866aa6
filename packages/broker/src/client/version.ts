import { execFileSync } from 'node:child_process';

/**
 * The pacticipant version and branch a command uses when none is given, the way the official CLI's
 * `--auto-detect-version-properties` does: the CI's variables first (GitHub Actions, GitLab,
 * Buildkite, CircleCI, Jenkins), else git (`rev-parse HEAD`, the current branch). Every apilife
 * command that names a version (publish, verify, can-i-deploy, record-deployment, the lifecycle
 * gates) takes it from here, so they agree on what "this version" is.
 */
export interface VersionProperties {
  version?: string;
  branch?: string;
  buildUrl?: string;
}

export function detectVersionProperties(cwd: string, env: NodeJS.ProcessEnv = process.env): VersionProperties {
  const git = (args: string[]): string | undefined => {
    try {
      const out = execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
      return out === '' || out === 'HEAD' ? undefined : out;
    } catch {
      return undefined;
    }
  };
  const version =
    env.GITHUB_SHA ?? env.CI_COMMIT_SHA ?? env.BUILDKITE_COMMIT ?? env.CIRCLE_SHA1 ?? env.GIT_COMMIT ?? git(['rev-parse', 'HEAD']);
  const branch =
    (env.GITHUB_HEAD_REF || undefined) ??
    (env.GITHUB_REF_TYPE === 'branch' ? env.GITHUB_REF_NAME : undefined) ??
    env.CI_COMMIT_REF_NAME ??
    env.BUILDKITE_BRANCH ??
    env.CIRCLE_BRANCH ??
    env.GIT_BRANCH ??
    git(['rev-parse', '--abbrev-ref', 'HEAD']);
  const buildUrl =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : (env.CI_JOB_URL ?? env.BUILDKITE_BUILD_URL ?? env.CIRCLE_BUILD_URL ?? env.BUILD_URL);
  return { ...(version ? { version } : {}), ...(branch ? { branch } : {}), ...(buildUrl ? { buildUrl } : {}) };
}
