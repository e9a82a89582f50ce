#!/usr/bin/env bash
# Installs what the build and the tests need, skipping whatever is already there.
#   scripts/setup.sh build     wasm target (stable and nightly, with the standard library's source for the
#                              package build), wasm-bindgen CLI, npm dev packages (binaryen's wasm-opt)
#   scripts/setup.sh browser   Chromium and ChromeDriver, for the browser tests
#   scripts/setup.sh fuzz      the nightly toolchain and cargo-fuzz
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pinned in Cargo.toml

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

setup_build() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  # The package's wasm is built with nightly's -Zbuild-std (see scripts/build-pkg.sh).
  setup_nightly
  if ! rustup component list --toolchain nightly --installed | grep -qx rust-src; then
    say "adding the standard library's source to nightly (the package build rebuilds it)"
    rustup component add rust-src --toolchain nightly
  fi
  if ! rustup target list --toolchain nightly --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target to nightly"
    rustup target add wasm32-unknown-unknown --toolchain nightly
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes, once)"
    # Not --locked: its lock file pins a crate version the registry mirror lacks.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
  # npm ci when node_modules is missing or older than the lock file.
  if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm dev packages"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

setup_browser() {
  # Chromium and its driver; CJK and emoji fonts so the demo's screenshots show the text they hold.
  local packages=(chromium chromium-driver fonts-wqy-microhei fonts-noto-color-emoji) missing=()
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (Debian packages)"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

setup_nightly() {
  if ! rustup toolchain list | grep -q '^nightly'; then
    say "installing the nightly toolchain (the package build and cargo-fuzz need it)"
    rustup toolchain install nightly --profile minimal
  fi
}

setup_fuzz() {
  setup_nightly
  if ! cargo fuzz --version >/dev/null 2>&1; then
    say "installing cargo-fuzz (about 2 minutes, once)"
    cargo install cargo-fuzz --version 0.13.2
  fi
}

for part in "${@:-build}"; do
  case "$part" in
    build) setup_build ;;
    browser) setup_browser ;;
    fuzz) setup_fuzz ;;
    *) echo "unknown part: $part" >&2; exit 2 ;;
  esac
done
