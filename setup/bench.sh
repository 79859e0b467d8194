#!/usr/bin/env bash
# Benchmarks that print figures (not tests): builds the database customer_mgmt_bench
# with our addons once, fills it at scale, and times the set-based passes.
#   bash setup/bench.sh [--customers 100000]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=setup/env.sh
. "$here/env.sh"
bash "$here/install.sh" >/dev/null
cm_write_conf
db=${CM_BENCH_DB:-customer_mgmt_bench}
if ! psql -lqt | cut -d'|' -f1 | grep -qw "$db"; then
    echo "[bench] creating database $db"
    cm_odoo -d "$db" -i "$(cm_addons)" --without-demo=all --stop-after-init --log-level=warn
fi
echo "[bench] churn detection"
"$CM_VENV/bin/python" "$here/bench_churn.py" -c "$CM_CONF" -d "$db" --log-level=warn "$@"
