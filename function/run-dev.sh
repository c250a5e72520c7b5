#!/bin/sh
# Starts the Genesys emulator and the Worker under wrangler (function/dev.mjs: the
# Worker and the page in web/dist) on loopback, prints the page's URL, and stops both
# on Ctrl-C. Called by `make run` (make run-function), which sets EMULATOR, OUT and
# the ports.
set -eu

emulator_url="http://127.0.0.1:$EMULATOR_PORT"
url="http://127.0.0.1:$FUNCTION_PORT/"
pids=""
stop() {
	trap - EXIT INT TERM
	for pid in $pids; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

# fail says why nothing started, with the end of the log that tells more.
fail() {
	echo "contactprep: $1" >&2
	tail -n 15 "$2" >&2
	exit 1
}

for port in "$EMULATOR_PORT" "$FUNCTION_PORT"; do
	if curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
		echo "contactprep: port $port is in use. Stop what uses it, or choose other ports:" >&2
		echo "  make run FUNCTION_PORT=9788 EMULATOR_PORT=9787" >&2
		exit 1
	fi
done

"$EMULATOR" -addr "127.0.0.1:$EMULATOR_PORT" >"$OUT/emulator.log" 2>&1 &
emulator=$!
pids="$emulator"

# The emulator keeps its org in memory, so the Worker's local KV (idempotency keys,
# settings ids) starts afresh with it.
rm -rf "$OUT/wrangler-state"
# function/dev.mjs is wrangler dev without its DevTools proxy (see there).
node function/dev.mjs --ip 127.0.0.1 --port "$FUNCTION_PORT" --persist-to "$OUT/wrangler-state" \
	--var "GENESYS_API_BASE:$emulator_url" \
	--var "GENESYS_OAUTH_CLIENT_ID:contactprep-local" \
	--var "GENESYS_EXTERNAL_SOURCE_ID:contactprep-local" \
	--var "PAGE_ORIGIN:http://127.0.0.1:$FUNCTION_PORT" \
	--var "ALLOWED_ORIGINS:" \
	</dev/null >"$OUT/function.log" 2>&1 &
wrangler=$!
pids="$pids $wrangler"

# Ready when the API answers; wrangler's first start compiles for a while.
tries=0
until curl -fsS -o /dev/null "${url}api/config" 2>/dev/null; do
	kill -0 "$emulator" 2>/dev/null || fail "the Genesys emulator stopped; see $OUT/emulator.log" "$OUT/emulator.log"
	kill -0 "$wrangler" 2>/dev/null || fail "the Worker (function/dev.mjs) stopped; see $OUT/function.log" "$OUT/function.log"
	tries=$((tries + 1))
	[ "$tries" -le 240 ] || fail "the Worker did not start within 2 minutes; see $OUT/function.log" "$OUT/function.log"
	sleep 0.5
done

echo
echo "contactprep is running. Open this page:"
echo
echo "    $url"
echo
echo "Drop a contact file (testdata/sample has messy ones), prepare it, then press"
echo "\"Send to Genesys Cloud\": it goes to a local Genesys Cloud emulator that signs you"
echo "in as \"Local Admin\" without asking, so no Genesys account is needed."
echo "The contacts it imported: $emulator_url/_emulator/contacts"
echo "Logs: $OUT/function.log and $OUT/emulator.log. Ctrl-C stops both."
wait
