#!/usr/bin/env bash
# The change report against a real checker (issue 15): `cargo semver-checks` on the crates
# generated from each consecutive pair of tests/history/<api>/ versions, failing when it finds a
# Rust-breaking change the report does not list (tests/tests/history.rs, the ignored test).
#
#   .ci/semver-checks.sh install   installs the pinned cargo-semver-checks unless it is there
#   .ci/semver-checks.sh run       runs the comparison (installs first if needed); every pair,
#                                  or those HISTORY_PAIRS names (`0.1.86..0.1.92,0.1.92..0.1.93`)
#
# Not part of .ci/run: the install builds ~400 crates with LTO (about 40 min on 2 busy cores),
# more than CI's budget. Run it locally after changing the change report's classification.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=0.51.0

installed() {
  cargo semver-checks --version 2>/dev/null | grep -qx "cargo-semver-checks $VERSION"
}

install() {
  if installed; then
    echo "cargo-semver-checks $VERSION is installed"
    return
  fi
  local started=$SECONDS
  # Without CARGO_TARGET_DIR, cargo install builds in a temporary folder it removes afterwards.
  env -u CARGO_TARGET_DIR cargo install --locked "cargo-semver-checks@$VERSION"
  echo "installed cargo-semver-checks $VERSION in $((SECONDS - started)) s"
}

case "${1:-run}" in
  install) install ;;
  run)
    install
    started=$SECONDS
    cargo test -p tests --test history -- --ignored --nocapture
    rm -rf target/history
    echo "cargo-semver-checks over the real history: $((SECONDS - started)) s"
    ;;
  *) echo "usage: $0 [install|run]" >&2; exit 2 ;;
esac
