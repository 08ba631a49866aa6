#!/usr/bin/env bash
# apilife lint: the SARIF file for code scanning (sarif input true), then the findings as workflow
# annotations. Exit: lint's (1 on findings at or above lint.failSeverity).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
status=0
if [ "${APILIFE_SARIF:-true}" = true ]; then
  apilife lint --format sarif --output apilife-lint.sarif || status=$?
fi
# The second run reads the lint cache: the annotations cost little.
apilife lint --format github || status=$?
exit "$status"
