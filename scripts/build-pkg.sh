#!/usr/bin/env bash
# Builds the npm package in pkg/: the release wasm and its JS glue (wasm-bindgen --target web, loaded by the
# per-runtime entry points), twice: pkg/dist/ with everything, for servers (node.js, worker.js), and pkg/dist/web/
# without proxyRequest, for browsers (browser.js). Then wasm-opt -Oz from npm's binaryen.
#
# The wasm is built with nightly's -Zbuild-std and the immediate-abort panic strategy: the standard library is
# compiled for size with the rest, and panics (which never happen, and cannot be caught in wasm anyway) carry no
# formatting machinery. A tenth of the wasm. (The code itself builds on stable; the tests use stable.) LLVM's
# inliner may inline a little more than opt-level "z" lets it: reading a stream gets a third faster for 0.3 KB
# of gzipped wasm (opt-level "s" would cost 6 KB).
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=target/pkg
wasm=$target_dir/wasm32-unknown-unknown/release/siliconflow_wasm.wasm
size() { printf '%7d B  (gzip -9: %6d B)' "$(wc -c <"$1")" "$(gzip -9c "$1" | wc -c)"; }

build() {
  local out=$1
  shift
  RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Cllvm-args=-inline-threshold=40" cargo +nightly build --release --quiet \
    --target wasm32-unknown-unknown --target-dir "$target_dir" \
    -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size "$@"
  rm -rf "$out"
  wasm-bindgen "$wasm" --target web --out-dir "$out" --out-name siliconflow_wasm --remove-name-section \
    --remove-producers-section
  # Debian's wasm-opt breaks wasm-bindgen's externref table; npm's binaryen does not.
  node_modules/.bin/wasm-opt -Oz "$out/siliconflow_wasm_bg.wasm" -o "$out/siliconflow_wasm_bg.wasm"
}

rm -rf pkg/dist
build pkg/dist
build pkg/dist/web --no-default-features
# The TypeScript declarations of the wire types, generated from the Rust types; the request fields, from their table.
cargo run --quiet --example typescript --features typescript > pkg/dist/types.d.ts
cargo run --quiet --example request_fields -- js > pkg/dist/request-fields.js
cargo run --quiet --example request_fields -- dts > pkg/dist/request-fields.d.ts

# The entry points, from the names the package declares (pkg/index.d.ts).
node scripts/entries.mjs

echo "pkg/ built:"
echo "  wasm (servers)   $(size pkg/dist/siliconflow_wasm_bg.wasm)"
echo "  wasm (browsers)  $(size pkg/dist/web/siliconflow_wasm_bg.wasm)"
echo "  JS glue          $(size pkg/dist/web/siliconflow_wasm.js)"
