#!/usr/bin/env bash
# The ref apilife check compares with, fetched when the checkout lacks it (actions/checkout fetches
# one commit by default; with fetch-depth: 0 the base is there and is fetched again, cheaply).
# Output `ref`: origin/<branch> for a branch of origin, else the ref as given; empty outside a pull
# request without a base input (apilife check then uses policy.base or origin/HEAD).
set -euo pipefail
base="${APILIFE_BASE:-${GITHUB_BASE_REF:-}}"
out="${GITHUB_OUTPUT:-/dev/null}"
if [ -z "$base" ]; then
  echo "no base: not a pull request and no base input; apilife check uses policy.base or origin/HEAD"
  echo "ref=" >>"$out"
  exit 0
fi
branch="${base#refs/heads/}"
branch="${branch#origin/}"
# Only the base's commit is needed: check reads the contracts at it from git, nothing is checked out.
if git ls-remote --exit-code --heads origin "$branch" >/dev/null 2>&1; then
  git fetch --no-tags --depth=1 origin "+refs/heads/$branch:refs/remotes/origin/$branch"
  echo "base: origin/$branch ($(git rev-parse --short "origin/$branch"))"
  echo "ref=origin/$branch" >>"$out"
elif git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
  echo "base: $base ($(git rev-parse --short "$base^{commit}"))"
  echo "ref=$base" >>"$out"
else
  git fetch --no-tags --depth=1 origin "$base"
  echo "base: $base ($(git rev-parse --short FETCH_HEAD))"
  echo "ref=$(git rev-parse FETCH_HEAD)" >>"$out"
fi
