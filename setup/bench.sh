#!/usr/bin/env bash
# Benchmarks that print figures (not tests). Each builds its database once with our
# addons, fills it at scale with bulk SQL, and times the set-based passes:
#   bash setup/bench.sh            churn detection (100k customers, 1.2M orders),
#                                  credit (20k customers, 500k invoice lines)
#                                  and value scoring (100k customers, 2M order and
#                                  2M invoice lines)
#   bash setup/bench.sh collections
#                                  the daily follow-up run over the credit data
#                                  (20k customers, 500k invoice lines) against a
#                                  plain aggregate; 1,000 statements as PDF and Excel
#   bash setup/bench.sh load       a server with workers confirming orders over HTTP
#                                  from 16 clients, with and without our addons
#                                  (not part of "all": it measures the machine)
#   bash setup/bench.sh churn|credit|collections|scoring|load [options of the script]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=setup/env.sh
. "$here/env.sh"
bash "$here/install.sh" >/dev/null
cm_write_conf

# A database with the given addons (Odoo's data only, no demo), created once.
database() {
    local db=$1 modules=$2
    if ! psql -lqt | cut -d'|' -f1 | grep -qw "$db"; then
        echo "[bench] creating database $db ($modules)"
        cm_odoo -d "$db" -i "$modules" --without-demo=all --stop-after-init --log-level=warn
    else
        cm_odoo -d "$db" -u "$modules" --stop-after-init --log-level=warn
    fi
}

# The addons as they are now on an existing database (the upgrade fills new columns).
bench() {
    local name=$1 db=$2
    shift 2
    database "$db" "$(cm_addons)"
    echo "[bench] $name"
    "$CM_VENV/bin/python" "$here/bench_$name.py" -c "$CM_CONF" -d "$db" "$@"
}

load() {
    # Without our addons, but with every addon they depend on: the difference is ours.
    database customer_mgmt_load_plain account,contacts,mail,report_xlsx,sale_management,sale_margin,sale_stock
    database customer_mgmt_load "$(cm_addons)"
    echo "[bench] load"
    "$CM_VENV/bin/python" "$here/bench_load.py" -c "$CM_CONF" \
        --plain-db customer_mgmt_load_plain --ours-db customer_mgmt_load "$@"
}

case "${1:-all}" in
    churn) shift; bench churn customer_mgmt_bench "$@" ;;
    credit) shift; bench credit customer_mgmt_credit_bench "$@" ;;
    collections) shift; bench collections customer_mgmt_credit_bench "$@" ;;
    scoring) shift; bench scoring customer_mgmt_scoring_bench "$@" ;;
    load) shift; load "$@" ;;
    all)
        bench churn customer_mgmt_bench
        bench credit customer_mgmt_credit_bench
        bench collections customer_mgmt_credit_bench
        bench scoring customer_mgmt_scoring_bench
        ;;
    *) echo "usage: bash setup/bench.sh [churn|credit|collections|scoring|load] [options]" >&2; exit 2 ;;
esac
