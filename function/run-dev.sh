#!/bin/sh
# Starts the Genesys emulator and wrangler dev (the Worker and the page in web/dist)
# on loopback, prints the page's URL, and stops both on Ctrl-C. Called by
# `make run-function`, which sets WRANGLER, EMULATOR, OUT and the ports.
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

"$EMULATOR" -addr "127.0.0.1:$EMULATOR_PORT" >"$OUT/emulator.log" 2>&1 &
pids="$!"

"$WRANGLER" dev --config wrangler.toml --ip 127.0.0.1 --port "$FUNCTION_PORT" \
	--inspector-port 0 --persist-to "$OUT/wrangler-state" \
	--var "GENESYS_API_BASE:$emulator_url" \
	--var "GENESYS_OAUTH_CLIENT_ID:contactprep-local" \
	--var "GENESYS_EXTERNAL_SOURCE_ID:contactprep-local" \
	--var "ALLOWED_ORIGINS:" \
	</dev/null >"$OUT/function.log" 2>&1 &
pids="$pids $!"

# Ready when the API answers; wrangler's first start compiles for a while.
tries=0
until curl -fsS -o /dev/null "${url}api/config" 2>/dev/null; do
	tries=$((tries + 1))
	if [ "$tries" -gt 120 ]; then
		echo "wrangler dev did not start; see $OUT/function.log and $OUT/emulator.log" >&2
		exit 1
	fi
	sleep 1
done
echo "contactprep: open $url (Genesys emulator behind it; logs in $OUT/; Ctrl-C stops)"
wait
