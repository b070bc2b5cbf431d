#!/usr/bin/env bash
# Keeps the two binaries apart: the teacher's notebook (sotay) must not link an async
# runtime, a database or an HTTP server, and the hub (sotay-hub) must not link the terminal
# or the store. Fails with the offending crates named. Needs only cargo and the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

fail=0
# check PACKAGE FORBIDDEN...: the package's normal dependency tree holds none of them.
check() {
  local package=$1
  shift
  local tree
  tree=$(cargo tree -p "$package" -e normal --prefix none --format '{p}' 2>&1) || {
    echo "dependency-check: cargo tree -p $package failed:" >&2
    echo "$tree" >&2
    exit 2
  }
  local crate found
  for crate in "$@"; do
    found=$(printf '%s\n' "$tree" | awk -v c="$crate" '$1 == c { print $1 " " $2 }' | sort -u)
    if [ -n "$found" ]; then
      echo "dependency-check: $package must not depend on $crate, but its tree holds: $found" >&2
      echo "  (see which path brings it: cargo tree -p $package -e normal -i $crate)" >&2
      fail=1
    fi
  done
}

check sotay tokio sqlx axum hyper
check sotay-hub ratatui crossterm sled sotay

if [ "$fail" -ne 0 ]; then
  echo "dependency-check: FAILED" >&2
  exit 1
fi
echo "dependency-check: sotay links no tokio, sqlx, axum or hyper; sotay-hub no ratatui, crossterm, sled or sotay"
