#!/bin/sh
# The systemd units' equivalent for a machine without systemd (a container, an old server):
# start one app process per port, restart one that exits, stop them all on TERM/INT.
#
#   XEPLOAI_DB=/var/lib/xeploai/xeploai.duckdb deploy/run-processes.sh 8501 8502
#
# Settings (environment): XEPLOAI_DB (the database), XEPLOAI_HOME (the checkout, default: the
# folder above this script), XEPLOAI_ADDRESS (default 127.0.0.1: only nginx reaches the apps),
# XEPLOAI_PYTHON (default: $XEPLOAI_HOME/.venv/bin/python).
set -eu

HOME_DIR=${XEPLOAI_HOME:-$(cd "$(dirname "$0")/.." && pwd)}
PYTHON=${XEPLOAI_PYTHON:-$HOME_DIR/.venv/bin/python}
ADDRESS=${XEPLOAI_ADDRESS:-127.0.0.1}
[ "$#" -gt 0 ] || set -- 8501 8502
: "${XEPLOAI_DB:?set XEPLOAI_DB to the database file}"
export XEPLOAI_DB

cd "$HOME_DIR"
children=""

serve() {  # one port, restarted when it exits, as Restart=on-failure does
    port=$1
    while :; do
        "$PYTHON" -m streamlit run server.py --server.port "$port" \
            --server.address "$ADDRESS" --server.headless true \
            --server.enableXsrfProtection true --browser.gatherUsageStats false &
        app=$!
        trap 'kill -TERM "$app" 2>/dev/null; wait "$app"; exit 0' TERM INT
        wait "$app" || true
        echo "xeploai on port $port exited; restarting in 3 s" >&2
        sleep 3
    done
}

for port in "$@"; do
    serve "$port" &
    children="$children $!"
done
trap 'for c in $children; do kill -TERM "$c" 2>/dev/null || true; done; wait; exit 0' TERM INT
wait
