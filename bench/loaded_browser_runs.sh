#!/usr/bin/env bash
# The browser tier N times in a row while two `yes > /dev/null` load the CPU (issue 10's check
# that the browser tests are steady under load). Usage: bench/loaded_browser_runs.sh [N]
# Prints one line per run: exit code, seconds, load average, pytest's last line.
set -u
cd "$(dirname "$0")/.."
runs=${1:-20}
out=$(mktemp -d)
yes > /dev/null & y1=$!
yes > /dev/null & y2=$!
trap 'kill $y1 $y2' EXIT
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  .venv/bin/python -m pytest -n 2 --dist loadfile -p no:cacheprovider -q tests/browser \
    > "$out/run_$i.log" 2>&1
  rc=$?
  echo "run $i rc=$rc $(( $(date +%s) - start ))s load=$(cut -d' ' -f1 /proc/loadavg)" \
       "$(tail -1 "$out/run_$i.log")"
done
echo "logs: $out"
