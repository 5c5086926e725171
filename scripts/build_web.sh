#!/usr/bin/env bash
# Builds the web chat page: bot/web (package-lock.json + src/) -> bot/web/dist.
#
# `make install` runs it. Content hashes decide what to do, so a run with nothing
# changed costs a second: `npm ci` only when package.json or package-lock.json
# changed, the type check and the bundle only when those or the sources changed.
# `--force` rebuilds anyway.
set -euo pipefail

web="$(cd "$(dirname "$0")/../bot/web" && pwd)"
cd "$web"

if ! command -v npm >/dev/null 2>&1; then
    echo "build_web: npm (Node.js 18 or newer) is needed to build the web chat page" >&2
    exit 1
fi

hash_files() {
    find "$@" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

deps_hash="$(hash_files package.json package-lock.json)"
build_hash="$(hash_files package.json package-lock.json tsconfig.json build.mjs src)"
deps_stamp=node_modules/.deps-stamp
build_stamp=dist/.build-stamp

if [[ "${1:-}" == "--force" ]]; then
    rm -f "$deps_stamp" "$build_stamp"
fi

if [[ ! -f "$deps_stamp" || "$(cat "$deps_stamp")" != "$deps_hash" ]]; then
    echo "build_web: installing the page's packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$deps_hash" >"$deps_stamp"
fi

if [[ ! -f "$build_stamp" || "$(cat "$build_stamp")" != "$build_hash" ]]; then
    echo "build_web: type-checking and bundling the page into bot/web/dist"
    npm run --silent check
    npm run --silent build
    echo "$build_hash" >"$build_stamp"
fi
