#!/usr/bin/env bash
# apilife check against the base (lint and generated code are the steps before): its Markdown
# report goes to apilife-check.md (the comment), the job's summary and the log. Exit: check's.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
args=(check --skip lint,generated --format markdown)
if [ -n "${APILIFE_BASE_REF:-}" ]; then args+=(--base "$APILIFE_BASE_REF"); fi
status=0
apilife "${args[@]}" >apilife-check.md 2>apilife-check.err || status=$?
if [ "$status" -ge 2 ]; then
  # Usage, config or input errors: the comment says why check could not run.
  { printf '### ⚠️ apilife check could not run\n\n```text\n'; tail -n 20 apilife-check.err; printf '```\n'; } >apilife-check.md
fi
cat apilife-check.err >&2
cat apilife-check.md
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat apilife-check.md >>"$GITHUB_STEP_SUMMARY"; fi
echo "exit-code=$status" >>"${GITHUB_OUTPUT:-/dev/null}"
exit "$status"
