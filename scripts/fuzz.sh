#!/usr/bin/env bash
# Runs every fuzz target for N executions (default 10 million): the SSE parser (whole input against cuts), the JSON
# reader (against serde_json), the chat stream (no panic, bounded memory, the same outcome however cut and with its
# event log, whose records name values that exist) and the
# validator (no panic; built bodies are valid and stable). A crash stops the run; its input is left in fuzz/artifacts/<target>/ (make it a test).
#   scripts/fuzz.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10000000}"
run() {
  local target=$1 max_len=$2 log
  shift 2
  log=$(mktemp)
  echo "fuzz $target: $runs runs"
  if ! cargo +nightly fuzz run -O "$target" -- -runs="$runs" -max_len="$max_len" -rss_limit_mb=1024 "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz $target failed; a crashing input is kept in fuzz/artifacts/$target/ (make it a test)" >&2
    exit 1
  fi
  grep -E '^(Done|stat::)' "$log" || true
  rm -f "$log"
}
run sse_split 4096
run json_scan 4096 -dict=fuzz/json.dict
run chat_stream 4096 -dict=fuzz/chat_stream.dict
# The validator's dictionary: its tokens, and every request field of the table.
mkdir -p fuzz/target
{ cat fuzz/validate.dict; cargo run --quiet --example request_fields -- dict; } >fuzz/target/validate.dict
run validate 4096 -dict=fuzz/target/validate.dict
