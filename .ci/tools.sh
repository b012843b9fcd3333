#!/usr/bin/env bash
# Installs the pinned runtimes and test/bench tools into .tools/ (npm) when .ci/tools-package.json
# changed, then puts .tools/node_modules/.bin first on PATH. Idempotent; meant to be sourced:
#   source .ci/tools.sh
# It does not change the sourcing shell's options (no `set -e` leaks out).
_gc_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if ! cmp -s "$_gc_root/.ci/tools-package.json" "$_gc_root/.tools/package.json" 2>/dev/null ||
  [ ! -x "$_gc_root/.tools/node_modules/.bin/deno" ]; then
  (
    set -euo pipefail
    mkdir -p "$_gc_root/.tools"
    cp "$_gc_root/.ci/tools-package.json" "$_gc_root/.tools/package.json"
    cd "$_gc_root/.tools"
    npm install --no-audit --no-fund --loglevel=error >/dev/null
  ) || { echo "tools.sh: npm install of the pinned tools failed" >&2; return 1 2>/dev/null || exit 1; }
fi
export PATH="$_gc_root/.tools/node_modules/.bin:$PATH"
unset _gc_root
