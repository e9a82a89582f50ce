#!/usr/bin/env bash
# Builds the npm package in pkg/: the release wasm, its JS glue (wasm-bindgen --target web, loaded by the
# per-runtime entry points pkg/node.js and pkg/browser.js), then wasm-opt -Oz from npm's binaryen.
set -euo pipefail
cd "$(dirname "$0")/.."

out=pkg/dist
cargo build --release --target wasm32-unknown-unknown --quiet
rm -rf "$out"
wasm-bindgen target/wasm32-unknown-unknown/release/siliconflow_wasm.wasm \
  --target web --out-dir "$out" --out-name siliconflow_wasm --remove-name-section --remove-producers-section
# The TypeScript declarations of the wire types, generated from the Rust types.
cargo run --quiet --example typescript --features typescript > "$out/types.d.ts"
# Debian's wasm-opt breaks wasm-bindgen's externref table; npm's binaryen does not.
node_modules/.bin/wasm-opt -Oz "$out/siliconflow_wasm_bg.wasm" -o "$out/siliconflow_wasm_bg.wasm"

size() { printf '%7d B  (gzip -9: %6d B)' "$(wc -c <"$1")" "$(gzip -9c "$1" | wc -c)"; }
echo "pkg/ built:"
echo "  wasm     $(size "$out/siliconflow_wasm_bg.wasm")"
echo "  JS glue  $(size "$out/siliconflow_wasm.js")"
