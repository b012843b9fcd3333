#!/usr/bin/env bash
# The test command (`deno task test`): installs what the tests need, runs the Deno suite and the
# Bun suite, and prints one closing line `N passed, N failed`. Totals also go to .tools/counts.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source .ci/tools.sh
bash .ci/apt.sh

passed=0
failed=0
log=$(mktemp)
# The names of failed tests, gathered from each suite and printed again at the end, so the last
# lines of a long log say what failed.
failures=.tools/failures
: > "$failures"
# Adds a `deno test` run's counts (its log in $log, its exit code in $1) to the totals, and the
# names of its failed tests to $failures. A run that failed without a count line counts as one.
deno_counts() {
  local plain line p f
  plain=$(sed 's/\x1b\[[0-9;]*m//g' "$log")
  echo "$plain" | awk '/^ FAILURES *$/ { on = 1; next } on && / => / { print "  deno: " $0 }' >> "$failures"
  line=$(echo "$plain" | grep -E '^(ok|FAILED) \| [0-9]+ passed' | tail -n 1)
  p=$(echo "$line" | sed -E 's/.*\| ([0-9]+) passed.*/\1/')
  f=$(echo "$line" | sed -E 's/.*passed[^|]*\| ([0-9]+) failed.*/\1/')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  if [ "$1" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then failed=$((failed + 1)); fi
}

# Deno: every test file under tests/ (sanitizers on), files in parallel on the machine's cores.
deno test --allow-all --parallel --sanitize-ops --sanitize-resources tests/ 2>&1 | tee "$log"
deno_counts "${PIPESTATUS[0]}"

# Deno doc tests: every JSDoc example of the hand-written modules runs (generated API classes'
# examples call a real org, so they are type-checked in .ci/run instead).
doc_dirs=$(ls -d src/*/ | grep -v '^src/generated/$')
deno test --doc --allow-all --parallel $doc_dirs mod.ts tools/sandbox/mod.ts 2>&1 | tee "$log"
deno_counts "${PIPESTATUS[0]}"

# Bun: the demo, examples and integration tests run under bun against the sandbox.
if [ -f tests/bun/run.ts ]; then
  bun run tests/bun/run.ts 2>&1 | tee "$log"
  bun_rc=${PIPESTATUS[0]}
  grep -E '^FAIL(ED)? ' "$log" | sed 's/^/  bun: /' >> "$failures"
  line=$(grep -E '^bun: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  p=$(echo "$line" | sed -E 's/^bun: ([0-9]+) passed.*/\1/')
  f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  if [ "$bun_rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then failed=$((failed + 1)); fi
fi
rm -f "$log"

echo "$passed $failed" > .tools/counts
if [ -s "$failures" ]; then
  echo "failed tests:"
  cat "$failures"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
