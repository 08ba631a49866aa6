import { formatChangelogChanges } from '@apilife/diff';
import { UNCOMMITTED, type ApiChangelog, type ChangelogChange } from './changelog.ts';

/**
 * An API's changelog in markdown (Keep a Changelog's shape): `# <title> changelog`, then
 * `## Unreleased` when changes wait for a version bump, then one `## <version> — <date>` section per
 * release, newest first, with breaking changes, deprecations, other changes and waivers. Lines say
 * what changed in words (`change.text`); JSON pointers stay in `--format json`.
 * @example
 * const { apis } = await changelog(config);
 * writeFileSync('CHANGELOG.md', formatChangelogMarkdown(apis[0]!));
 */
export function formatChangelogMarkdown(log: ApiChangelog, options: { since?: string } = {}): string {
  const out = [`# ${log.title} changelog`, '', `\`${log.path}\`, from its git history.`, ''];
  if (log.skipped.length > 0) {
    out.push(
      '> States left out (the contract could not be read):',
      ...log.skipped.map((s) => `> - ${short(s.commit)} (${s.date}): ${s.reason}`),
      '',
    );
  }
  const pending = log.unreleased;
  if (pending) {
    const commits = pending.commits.filter((c) => c !== UNCOMMITTED).length;
    const where = [
      commits > 0 ? `${commits} commit${commits === 1 ? '' : 's'}` : '',
      pending.commits.includes(UNCOMMITTED) ? 'the working tree' : '',
    ]
      .filter(Boolean)
      .join(' and ');
    out.push(
      '## Unreleased',
      '',
      `> Changed since ${pending.version} in ${where}; \`info.version\` is not bumped yet.`,
      '',
      ...changeLines(pending.changes),
    );
  }
  if (log.versions.length === 0) out.push(options.since ? `No new version since ${options.since}.` : 'No version in the history.', '');
  for (const v of log.versions) {
    out.push(`## ${v.version || '(no version)'} — ${v.commits.at(-1) === UNCOMMITTED ? 'uncommitted' : v.date}`, '');
    if (v.first) out.push(`- First version of ${log.title}.`, '');
    else out.push(...changeLines(v.changes));
    if (v.waivers.length > 0) {
      out.push(
        '### Waived',
        '',
        ...v.waivers.map((w) => `- ${w.rule}${w.change ? ` (${w.change})` : ''}${w.subject ? ` on ${w.subject}` : ''}: ${w.reason}`),
        '',
      );
    }
  }
  return out.join('\n');
}

/** The changes under their headings, each line in words; a note when only descriptions changed. */
function changeLines(changes: ChangelogChange[]): string[] {
  if (changes.length === 0) return ['- Descriptions, examples or formatting only (nothing `apilife diff` reports).', ''];
  return formatChangelogChanges(changes.map((c) => ({ ...c, message: c.text })));
}

const short = (commit: string) => (commit === UNCOMMITTED ? commit : commit.slice(0, 7));
