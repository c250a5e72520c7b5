#!/bin/sh
# Measures the Worker's CPU per request under workerd (function/dev.mjs) against the
# emulator: the CPU time workerd's process spends over a run of requests, divided by
# their number. One Go program serves all of them (function/worker.mjs): its start-up
# is in the warm-up.
# Called by `make bench-function`, which sets EMULATOR.
#
# Output: one JSON object per line on stdout, for a bench harness; progress on stderr.
#   {"bench":"function","name":"wasm","bytes":N,"gzip_bytes":N}
#   {"bench":"function","name":"<id>","what":"<request>","cpu_ms":N,"requests":N,"body_bytes":N}
# cpu_ms is the CPU per request in milliseconds (the kernel counts in 1/CLK_TCK s
# ticks, so small values are coarse). Names: config, outbound_status,
# outbound_recheck_10mb, outbound_upload_10mb, import_10, import_10k, import_10k_refused.
# BENCH_FUNCTION_ONLY="name name" runs those only; BENCH_FUNCTION_PORT and
# BENCH_EMULATOR_PORT move the ports (8798, 8797).
set -eu

port=${BENCH_FUNCTION_PORT:-8798}
emulator_port=${BENCH_EMULATOR_PORT:-8797}
only=${BENCH_FUNCTION_ONLY:-}
dir=$(mktemp -d)
pids=""
stop() {
	for pid in $pids; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap stop EXIT INT TERM

"$EMULATOR" -addr "127.0.0.1:$emulator_port" -dry-run-delay 0s -import-delay 0s >"$dir/emulator.log" 2>&1 &
pids="$!"
node function/dev.mjs --ip 127.0.0.1 --port "$port" --persist-to "$dir/state" \
	--var "GENESYS_API_BASE:http://127.0.0.1:$emulator_port" \
	--var AUTH_MODE:service --var GENESYS_CLIENT_ID:contactprep-local \
	--var GENESYS_CLIENT_SECRET:local-secret --var DEV_ACCESS_TOKEN:bench \
	--var GENESYS_EXTERNAL_SOURCE_ID:bench --var DRY_RUN_WAIT:0s \
	--var "PAGE_ORIGIN:http://127.0.0.1:$port" \
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
	[ "$(awk '{print $4}' "/proc/$pid/stat")" = "$wrangler" ] && runtime=$pid
done
[ -n "$runtime" ] || { echo "the Worker's workerd was not found" >&2; exit 1; }
cpu() { awk '{print $14 + $15}' "/proc/$runtime/stat"; }

wanted() { [ -z "$only" ] || case " $only " in *" $1 "*) true ;; *) false ;; esac; }

# measure NAME WHAT BYTES N COMMAND...: runs COMMAND N times (after one warm-up) and
# prints the Worker's CPU per run as a JSON line.
measure() {
	name=$1 what=$2 bytes=$3 n=$4
	shift 4
	wanted "$name" || return 0
	"$@" 1 >/dev/null # warm up
	before=$(cpu)
	i=0
	while [ "$i" -lt "$n" ]; do "$@" "$i" >/dev/null; i=$((i + 1)); done
	after=$(cpu)
	ms=$(awk -v t="$((after - before))" -v k="$ticks" -v n="$n" 'BEGIN { printf "%.1f", t * 1000 / k / n }')
	echo "function: $what: $ms ms CPU per request ($n requests)" >&2
	printf '{"bench":"function","name":"%s","what":"%s","cpu_ms":%s,"requests":%d,"body_bytes":%d}\n' "$name" "$what" "$ms" "$n" "$bytes"
}

bearer="Authorization: Bearer bench"
config() { curl -fsS "$url/api/config"; }
# rows N: a clean file of N contacts, its IDs made unique per run by a prefix.
rows() {
	echo "Contact ID,Contact First Name,Contact Last Name,Contact Cell Phone"
	awk -v n="$1" -v p="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s-%d,Ann,Lee,+49151%08d\n", p, i, i }'
}
submit() { # submit ROWS RUN
	rows "$1" "r$2" >"$dir/file.csv"
	curl -fsS -H "$bearer" -F 'settings={}' -F "file=@$dir/file.csv;type=text/csv" "$url/api/imports"
}
refused() { # a file the re-check refuses: every phone is not E.164
	rows "$1" "x$2" | sed 's/+49151/0151 /' >"$dir/bad.csv"
	curl -sS -o /dev/null -H "$bearer" -F 'settings={}' -F "file=@$dir/bad.csv;type=text/csv" "$url/api/imports"
}
submit10() { submit 10 "$1"; }
submit10k() { submit 10000 "$1"; }
refused10k() { refused 10000 "$1"; }

# An outbound contact list and a part just under the outbound limit of 10,000,000
# bytes, as the engine cuts them: Lead IDs, names and two phone columns.
leads() { # leads N
	echo "Lead ID,First Name,Last Name,Mobile,Home"
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "L%08d,Annabelle,Leeworth,+49151%08d,+4930%08d\n", i, i, i }'
}
list=$(curl -fsS -H "$bearer" -H 'Content-Type: application/json' \
	-d '{"name":"bench","key":"bench-cpu","columns":["Lead ID","First Name","Last Name","Mobile","Home"],"phoneColumns":["Mobile","Home"]}' \
	"$url/api/outbound/contactlists" | sed 's/.*"id":"\([^"]*\)".*/\1/')
leads 158000 >"$dir/part.csv"
# The same part with its last row repeating the first row's Lead ID: the Worker
# re-checks all of it and answers 422 without uploading.
sed '$ s/^L[0-9]*/L00000000/' "$dir/part.csv" >"$dir/part-bad.csv"
part_bytes=$(wc -c <"$dir/part.csv")
outbound() { # outbound ROUTE FILE [CURL OPTIONS]: posts a CSV to a route of the list
	route=$1 file=$2
	shift 2
	curl -sS "$@" -H "$bearer" -H 'Content-Type: text/csv' -H 'X-Contact-Id-Column: Lead ID' \
		--data-binary "@$file" "$url/api/outbound/contactlists/$list/$route"
}
leads 10 >"$dir/small.csv"
outbound uploads "$dir/small.csv" -f >/dev/null
status() { curl -fsS -H "$bearer" "$url/api/outbound/contactlists/$list/importstatus"; }
recheck10mb() { [ "$(outbound uploads "$dir/part-bad.csv" -o /dev/null -w '%{http_code}')" = 422 ]; }
upload10mb() { outbound uploads "$dir/part.csv" -f; }

wasm=$(wc -c <function/build/app.wasm)
gz=$(gzip -9 -c function/build/app.wasm | wc -c)
echo "function: $wasm bytes of wasm, $gz gzipped" >&2
printf '{"bench":"function","name":"wasm","bytes":%d,"gzip_bytes":%d}\n' "$wasm" "$gz"
measure config "GET /api/config" 0 40 config
measure outbound_status "GET /api/outbound/contactlists/{id}/importstatus" 0 40 status
measure outbound_recheck_10mb "POST /api/outbound/contactlists/{id}/uploads, refused with 422 after the re-check" "$part_bytes" 5 recheck10mb
measure outbound_upload_10mb "POST /api/outbound/contactlists/{id}/uploads, re-checked and uploaded" "$part_bytes" 5 upload10mb
measure import_10 "POST /api/imports, 10 rows (upload, job, dry run)" "$(rows 10 x | wc -c)" 20 submit10
measure import_10k "POST /api/imports, 10,000 rows" "$(rows 10000 x | wc -c)" 10 submit10k
measure import_10k_refused "POST /api/imports, 10,000 rows refused with 422" "$(rows 10000 x | wc -c)" 10 refused10k
