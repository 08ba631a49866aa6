# Sourced by the step scripts: `apilife …` as the action's `command` input says, with `--config`
# when the `config` input is set.
apilife() {
  if [ -n "${APILIFE_CONFIG:-}" ]; then
    eval "${APILIFE_COMMAND:-npx --no-install apilife}"' "$@" --config "$APILIFE_CONFIG"'
  else
    eval "${APILIFE_COMMAND:-npx --no-install apilife}"' "$@"'
  fi
}
