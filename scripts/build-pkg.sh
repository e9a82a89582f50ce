#!/usr/bin/env bash
# Builds the npm package in pkg/: the release wasm and its JS glue (wasm-bindgen --target web, loaded by the
# per-runtime entry points), three times: pkg/dist/ with everything, for servers (node.js, worker.js); for browsers
# (browser.js), pkg/dist/web/ with the client (no proxyRequest, no chat runtime) and pkg/dist/web-runtime/ with the
# chat runtime's wasm part alone, which the browser entry loads on first use. Then wasm-opt -Oz from npm's binaryen.
#
# The wasm is built with nightly's -Zbuild-std and the immediate-abort panic strategy: the standard library is
# compiled for size with the rest, and panics (which never happen, and cannot be caught in wasm anyway) carry no
# formatting machinery, nor (-Zlocation-detail=none) source locations. A tenth of the wasm. (The code itself builds
# on stable; the tests use stable.) LLVM's inliner may inline a little more than opt-level "z" lets it: reading a
# stream gets a third faster for 0.3 KB of gzipped wasm (opt-level "s" would cost 6 KB).
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=target/pkg
wasm=$target_dir/wasm32-unknown-unknown/release/siliconflow_wasm.wasm
size() { printf '%7d B  (gzip -9: %6d B)' "$(wc -c <"$1")" "$(gzip -9c "$1" | wc -c)"; }

build() {
  local out=$1
  shift
  RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Cllvm-args=-inline-threshold=40" cargo +nightly build --release --quiet \
    --target wasm32-unknown-unknown --target-dir "$target_dir" \
    -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size "$@"
  rm -rf "$out"
  wasm-bindgen "$wasm" --target web --out-dir "$out" --out-name siliconflow_wasm --remove-name-section \
    --remove-producers-section
  # Debian's wasm-opt breaks wasm-bindgen's externref table; npm's binaryen does not. The module's stack comes
  # first in memory (rustc links wasm with --stack-first) and grows down from 1 MiB: the first KB is never used
  # short of a stack overflow, so offsets may fold into loads and stores (--low-memory-unused, as Emscripten
  # does). --gufa: whole-program type facts.
  node_modules/.bin/wasm-opt --low-memory-unused -Oz --gufa -Oz --converge "$out/siliconflow_wasm_bg.wasm" \
    -o "$out/siliconflow_wasm_bg.wasm"
}

rm -rf pkg/dist
build pkg/dist
build pkg/dist/web --no-default-features --features client
build pkg/dist/web-runtime --no-default-features --features runtime
# The TypeScript declarations of the wire types, generated from the Rust types; the request fields, from their table.
cargo run --quiet --example typescript --features typescript > pkg/dist/types.d.ts
cargo run --quiet --example request_fields -- js > pkg/dist/request-fields.js
cargo run --quiet --example request_fields -- dts > pkg/dist/request-fields.d.ts
# The model catalog, from its table, as data.
cargo run --quiet --example model_catalog -- js > pkg/dist/model-catalog.js
cargo run --quiet --example model_catalog -- dts > pkg/dist/model-catalog.d.ts

# The entry points, from the names the package declares (pkg/index.d.ts).
node scripts/entries.mjs

echo "pkg/ built:"
echo "  wasm (servers)   $(size pkg/dist/siliconflow_wasm_bg.wasm)"
echo "  wasm (browsers)  $(size pkg/dist/web/siliconflow_wasm_bg.wasm)"
echo "  wasm (browsers, chat runtime, loaded on first use)  $(size pkg/dist/web-runtime/siliconflow_wasm_bg.wasm)"
echo "  JS glue          $(size pkg/dist/web/siliconflow_wasm.js)"
