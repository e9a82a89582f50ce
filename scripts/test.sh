#!/usr/bin/env bash
# Every test: lint, the native core tests, the wasm exports in Node and headless Chromium, the built package (its
# size, its tarball installed in scratch projects), the client in five runtimes, the Worker, the demo, a fuzz smoke
# run. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "setup"
scripts/setup.sh build browser fuzz

step "format and lints"
cargo fmt --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --all-targets --features typescript -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --all-targets -- -D warnings
# The browser's two modules: the client, and the chat runtime's part.
cargo clippy --quiet --target wasm32-unknown-unknown --no-default-features --features client -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --no-default-features --features runtime -- -D warnings

step "native tests (core rules, SSE conformance, properties)"
cargo test

step "wasm exports in Node and headless Chromium"
cargo test --target wasm32-unknown-unknown --lib --test exports_node --test exports_browser

step "the package (pkg/) in Node and Chromium, and the mock server"
scripts/build-pkg.sh
node --test --test-concurrency=1 tests/js/

step "size: a streamed chat call's wasm + JS, gzip -9, against its ceiling (bench/size.mjs)"
node bench/size.mjs --check

step "the packed package (npm pack), installed into scratch projects: Node, Deno, a Vite build in Chromium, a Worker"
node --test --test-concurrency=1 tests/package/

step "the client against the mock in Node, Chromium, workerd, Deno and Bun"
node --test --test-concurrency=1 tests/integration/

step "the example Worker (wrangler's bundle) in workerd, the mock as its upstream"
node --test --test-concurrency=1 tests/edge/

step "the demo in Chromium"
node --test --test-concurrency=1 tests/demo/

step "fuzz smoke run (the long runs are scripts/fuzz.sh)"
scripts/fuzz.sh 20000

echo
echo "all tests passed"
