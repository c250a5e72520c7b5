#!/bin/sh
# Measures the Worker's CPU per request under workerd (wrangler dev) against the
# emulator: the CPU time workerd's process spends over a run of requests, divided by
# their number. Each request starts a fresh Go runtime, so this includes start-up.
# Called by `make bench-function`, which sets WRANGLER, EMULATOR and OUT.
set -eu

port=8798
emulator_port=8797
dir=$(mktemp -d)
pids=""
stop() {
	for pid in $pids; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap stop EXIT INT TERM

"$EMULATOR" -addr "127.0.0.1:$emulator_port" -dry-run-delay 0s >"$dir/emulator.log" 2>&1 &
pids="$!"
"$WRANGLER" dev --config wrangler.toml --ip 127.0.0.1 --port "$port" --inspector-port 0 \
	--persist-to "$dir/state" \
	--var "GENESYS_API_BASE:http://127.0.0.1:$emulator_port" \
	--var AUTH_MODE:service --var GENESYS_CLIENT_ID:contactprep-local \
	--var GENESYS_CLIENT_SECRET:local-secret --var DEV_ACCESS_TOKEN:bench \
	--var GENESYS_EXTERNAL_SOURCE_ID:bench --var DRY_RUN_WAIT:0s \
	</dev/null >"$dir/wrangler.log" 2>&1 &
wrangler=$!
pids="$pids $wrangler"
url="http://127.0.0.1:$port"
tries=0
until curl -fsS -o /dev/null "$url/api/config" 2>/dev/null; do
	tries=$((tries + 1)); [ "$tries" -le 120 ] || { cat "$dir/wrangler.log" >&2; exit 1; }
	sleep 1
done
ticks=$(getconf CLK_TCK)
# The Worker runs in the workerd that wrangler started with an ephemeral entry port;
# the other one, on $port, is wrangler's proxy in front of it.
runtime=""
for pid in $(pgrep -f "workerd serve.*--socket-addr=entry=127.0.0.1:0 "); do
	parent=$(awk '{print $4}' "/proc/$pid/stat")
	[ "$(awk '{print $4}' "/proc/$parent/stat")" = "$wrangler" ] && runtime=$pid
done
[ -n "$runtime" ] || { echo "the Worker's workerd was not found" >&2; exit 1; }
cpu() { awk '{print $14 + $15}' "/proc/$runtime/stat"; }

# measure NAME N COMMAND...: runs COMMAND N times and prints the Worker's CPU per run.
measure() {
	name=$1 n=$2
	shift 2
	"$@" 1 >/dev/null # warm up
	before=$(cpu)
	i=0
	while [ "$i" -lt "$n" ]; do "$@" "$i" >/dev/null; i=$((i + 1)); done
	after=$(cpu)
	echo "$name: $(( (after - before) * 1000 / ticks / n )) ms CPU per request ($n requests)"
}

config() { curl -fsS "$url/api/config"; }
# rows N: a clean file of N contacts, its IDs made unique per run by a prefix.
rows() {
	echo "Contact ID,Contact First Name,Contact Last Name,Contact Cell Phone"
	awk -v n="$1" -v p="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s-%d,Ann,Lee,+49151%08d\n", p, i, i }'
}
submit() { # submit ROWS RUN
	rows "$1" "r$2" >"$dir/file.csv"
	curl -fsS -H "Authorization: Bearer bench" -F 'settings={}' -F "file=@$dir/file.csv;type=text/csv" "$url/api/imports"
}
refused() { # a file the re-check refuses: every phone is not E.164
	rows "$1" "x$2" | sed 's/+49151/0151 /' >"$dir/bad.csv"
	curl -sS -o /dev/null -H "Authorization: Bearer bench" -F 'settings={}' -F "file=@$dir/bad.csv;type=text/csv" "$url/api/imports"
}
submit10() { submit 10 "$1"; }
submit10k() { submit 10000 "$1"; }
refused10k() { refused 10000 "$1"; }

echo "function: $(wc -c <function/build/app.wasm) bytes of wasm, $(gzip -9 -c function/build/app.wasm | wc -c) gzipped"
measure "GET /api/config" 40 config
measure "POST /api/imports, 10 rows (upload, job, dry run)" 20 submit10
measure "POST /api/imports, 10,000 rows ($(rows 10000 x | wc -c) bytes)" 10 submit10k
measure "POST /api/imports, 10,000 rows refused with 422" 10 refused10k
