#!/usr/bin/env bash
# Runs `npm start` as a user would and checks, within 90 s, that the dev server serves the app page,
# the kernel frame on the other loopback site, and a module the page imports; then stops it.
# (The dev-server e2e smoke test in `npm test` then uses the app in a browser.)
set -uo pipefail
log=$(mktemp)
setsid npm start >"$log" 2>&1 &
pid=$!
stop() { kill -- -"$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
trap stop EXIT

fetch() { curl -fsS --max-time 20 "$1"; }
ok=
for _ in $(seq 1 90); do
  if page=$(fetch http://localhost:5173/ 2>/dev/null) && grep -q 'id="root"' <<<"$page"; then ok=1; break; fi
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 1
done
fail() { echo "npm start check failed: $1"; echo "--- npm start printed:"; cat "$log"; exit 1; }
[ -n "$ok" ] || fail "http://localhost:5173/ did not serve the app page"
fetch http://127.0.0.1:5173/kernel.html | grep -q '<script' || fail "the kernel frame (http://127.0.0.1:5173/kernel.html) is not served"
entry=$(grep -o 'src="/app/[^"]*"' <<<"$page" | head -1 | cut -d'"' -f2)
[ -n "$entry" ] || fail "the app page names no module under /app/"
fetch "http://localhost:5173$entry" >/dev/null || fail "the page's module $entry is not served"
if grep -qiE 'error|ENOENT' "$log"; then fail "npm start printed an error"; fi
echo "npm start: serves the app, its kernel frame and $entry"
