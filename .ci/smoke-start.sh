#!/usr/bin/env bash
# The production start (compiled, NODE_ENV=production, embedded demo data) answers a query with
# the key it printed. Usage: .ci/smoke-start.sh NODE_BINARY PORT
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_BIN=$1
PORT=$2
LOG=$(mktemp)
DATA_DIR=memory:// PORT=$PORT HOST=127.0.0.1 DATABASE_URL= "$NODE_BIN" scripts/start.mjs src/main.ts >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && grep -q 'API key: *sk_' "$LOG" && break
  kill -0 "$PID" 2>/dev/null || { cat "$LOG"; echo "the compiled server exited ($("$NODE_BIN" --version))"; exit 1; }
  sleep 0.5
done
KEY=$(sed -n 's/.*API key: *\(sk_[0-9a-f]*\).*/\1/p' "$LOG" | head -1)
[ -n "$KEY" ] || { kill -TERM "$PID" || true; cat "$LOG"; echo "the compiled server printed no API key"; exit 1; }
ANSWER=$(curl -sf "http://127.0.0.1:$PORT/graphql" -H "authorization: Bearer $KEY" \
  -H 'content-type: application/json' -d '{"query":"{ assets(first: 1) { totalCount } }"}') || true
kill -TERM "$PID"; wait "$PID" || true
grep -q 'NODE_ENV=production' "$LOG" || { cat "$LOG"; echo "not started with NODE_ENV=production"; exit 1; }
grep -q '"msg":"stopped"' "$LOG" || { cat "$LOG"; echo "SIGTERM did not stop the server cleanly"; exit 1; }
[[ "$ANSWER" == '{"data":{"assets":{"totalCount":200}}'* ]] || { cat "$LOG"; echo "unexpected answer: $ANSWER"; exit 1; }
echo "node $("$NODE_BIN" --version): the compiled server answered $ANSWER"
