#!/usr/bin/env bash
# Benchmarks that print figures (not tests). Each builds its database once with our
# addons, fills it at scale with bulk SQL, and times the set-based passes:
#   bash setup/bench.sh            churn detection (100k customers, 1.2M orders),
#                                  credit (20k customers, 500k invoice lines)
#                                  and value scoring (100k customers, 2M order and
#                                  2M invoice lines)
#   bash setup/bench.sh churn|credit|scoring [options of the script]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=setup/env.sh
. "$here/env.sh"
bash "$here/install.sh" >/dev/null
cm_write_conf

bench() {
    local name=$1 db=$2
    shift 2
    if ! psql -lqt | cut -d'|' -f1 | grep -qw "$db"; then
        echo "[bench] creating database $db"
        cm_odoo -d "$db" -i "$(cm_addons)" --without-demo=all --stop-after-init --log-level=warn
    else
        # the addons as they are now (new columns are filled by the upgrade)
        cm_odoo -d "$db" -u "$(cm_addons)" --stop-after-init --log-level=warn
    fi
    echo "[bench] $name"
    "$CM_VENV/bin/python" "$here/bench_$name.py" -c "$CM_CONF" -d "$db" "$@"
}

case "${1:-all}" in
    churn) shift; bench churn customer_mgmt_bench "$@" ;;
    credit) shift; bench credit customer_mgmt_credit_bench "$@" ;;
    scoring) shift; bench scoring customer_mgmt_scoring_bench "$@" ;;
    all)
        bench churn customer_mgmt_bench
        bench credit customer_mgmt_credit_bench
        bench scoring customer_mgmt_scoring_bench
        ;;
    *) echo "usage: bash setup/bench.sh [churn|credit|scoring] [options]" >&2; exit 2 ;;
esac
