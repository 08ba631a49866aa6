/**
 * Makes CLI output comparable across machines: strips ANSI colours, timings and absolute paths.
 */
export function normalizeOutput(text: string, roots: readonly string[] = []): string {
  let out = text.replace(/\x1b\[[0-9;]*m/g, '');
  for (const root of [...roots].sort((a, b) => b.length - a.length)) out = out.split(root).join('<root>');
  return out.replace(/\b\d+(\.\d+)?(ms|s)\b/g, '<time>');
}
