#!/usr/bin/env bash
# `deno task bench`: puts the pinned tools on PATH, then runs the benchmark orchestrator.
# Flags are passed through (see bench/main.ts), e.g. `deno task bench --only=size,cold`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source .ci/tools.sh
exec deno run -A bench/main.ts "$@"
