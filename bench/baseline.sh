#!/usr/bin/env bash
# Keeps a build of the package as the benchmarks' baseline (bench/out/baseline/), so that `make bench` measures it
# as one more contender: before/after figures from the same run, on the same machine.
#   bench/baseline.sh           the package as built now in pkg/ (run `make pkg` first)
#   bench/baseline.sh REF       the package at a git revision, built in a temporary worktree
#   bench/baseline.sh --clear   no baseline
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/baseline
rm -rf "$out"
[ "${1:-}" = "--clear" ] && exit 0
mkdir -p bench/out
if [ $# -eq 0 ]; then
  [ -f pkg/dist/siliconflow_wasm_bg.wasm ] || { echo "no pkg/dist: run make pkg first" >&2; exit 1; }
  cp -r pkg "$out"
  echo "working tree at $(git rev-parse --short HEAD)$(git diff --quiet || echo ' with changes')" >"$out/REVISION"
else
  tree=$(mktemp -d)
  trap 'git worktree remove --force "$tree"' EXIT
  git worktree add --detach "$tree" "$1" >/dev/null
  # The worktree shares the npm tools and the build cache of this checkout.
  ln -s "$PWD/node_modules" "$tree/node_modules"
  (cd "$tree" && scripts/build-pkg.sh)
  cp -r "$tree/pkg" "$out"
  echo "$1 ($(git rev-parse --short "$1"))" >"$out/REVISION"
fi
echo "baseline: $(cat "$out/REVISION")"
