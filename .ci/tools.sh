#!/usr/bin/env bash
# Installs the pinned runtimes and test tools into .tools/ (npm) and the Debian packages the
# integration tests start (nginx, tinyproxy, chromium, openssl). Idempotent; safe to re-run.
# Usage: source .ci/tools.sh   (puts .tools/node_modules/.bin first on PATH)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/.tools"
mkdir -p "$tools"
if [ ! -f "$tools/package.json" ] || ! cmp -s "$root/.ci/tools-package.json" "$tools/package.json"; then
  cp "$root/.ci/tools-package.json" "$tools/package.json"
  (cd "$tools" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
export PATH="$tools/node_modules/.bin:$PATH"
