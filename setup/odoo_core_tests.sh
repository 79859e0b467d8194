#!/usr/bin/env bash
# Odoo's own tests of the flows our addons extend, on a database without our addons
# and on one with all three, then the tests that fail only with ours (none may).
#   bash setup/test.sh --odoo-core      (or this script directly)
# Odoo runs a module's at_install tests while that module loads, before any addon
# that depends on it: they cannot see our addons. The post_install tests run with
# every addon loaded, so those are the ones compared: all of sale, sale_stock and
# sale_margin, and the account and stock classes of partners, invoices, payments
# and deliveries. Takes about half an hour on 2 cores.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=setup/env.sh
. "$here/env.sh"
bash "$here/install.sh" >/dev/null
cm_write_conf

odoo_modules=sale_management,sale_stock,sale_margin
tags=${CM_CORE_TAGS:-/sale,/sale_stock,/sale_margin,/account:TestAccountMoveOutInvoiceOnchanges,/account:TestAccountPayment,/account:TestAccountPaymentRegister,/account:TestAccountPartner,/stock:TestStockFlowPostInstall}

run() {
    local db=$1 modules=$2 log="$CM_HOME/odoo-core-$1.log"
    echo "[core] $db: installing $modules" >&2
    dropdb --if-exists "$db"
    cm_odoo -d "$db" -i "$modules" --stop-after-init --log-level=warn >"$log" 2>&1
    echo "[core] $db: running $tags" >&2
    cm_odoo -d "$db" --test-tags "$tags" --stop-after-init --log-level=test >>"$log" 2>&1 || true
    # "FAIL: TestClass.test_name" / "ERROR: TestClass.test_name", one per test
    grep -oE "(FAIL|ERROR): (Subtest )?[A-Za-z0-9_]+\.[A-Za-z0-9_]+" "$log" | sort -u >"$log.failed" || true
    local ran
    ran=$(grep -oE "[0-9]+ post-tests in" "$log" | tail -1 | cut -d' ' -f1)
    echo "[core] $db: ${ran:-0} tests run, $(wc -l <"$log.failed") failed or in error" >&2
    echo "$log.failed"
}

plain=$(run cm_core_plain "$odoo_modules")
ours=$(run cm_core_ours "$odoo_modules,$(cm_addons)")
echo "[core] failing without our addons:"
sed 's/^/  /' "$plain"
echo "[core] failing only with our addons:"
only=$(comm -13 "$plain" "$ours")
if [ -n "$only" ]; then
    echo "$only" | sed 's/^/  /'
    exit 1
fi
echo "  none"
