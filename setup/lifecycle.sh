#!/usr/bin/env bash
# Install, use, upgrade and uninstall the addons in a throwaway database, as a
# company already on Odoo would, then check that Odoo's own flows still work and
# that no step logged an ERROR. Prints the result; exits non-zero on any failure.
#   bash setup/lifecycle.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=setup/env.sh
. "$here/env.sh"
bash "$here/install.sh" >/dev/null
cm_write_conf

db=${CM_LIFECYCLE_DB:-customer_mgmt_lifecycle}
log="$CM_HOME/lifecycle.log"
: >"$log"
dropdb --if-exists "$db"
step() {
    local label=$1
    shift
    echo "[lifecycle] $label"
    "$@" >>"$log" 2>&1 || { tail -40 "$log"; echo "[lifecycle] $label failed, see $log" >&2; exit 1; }
}
run_py() { "$CM_VENV/bin/python" "$here/lifecycle.py" -c "$CM_CONF" -d "$db" --log-level=info "$@"; }

step "install Odoo's sale, stock and accounting" \
    cm_odoo -d "$db" -i sale_management,sale_stock,sale_margin --without-demo=all --stop-after-init
step "install the addons" cm_odoo -d "$db" -i "$(cm_addons)" --stop-after-init
step "use them through Odoo's flows" run_py flows
step "upgrade them" cm_odoo -d "$db" -u "$(cm_addons)" --stop-after-init
step "uninstall them" run_py uninstall
step "Odoo's flows without them" run_py check

errors=$(grep -cE " (ERROR|CRITICAL) " "$log" || true)
grep -E "^standard flows|^addons used|^uninstalled" "$log" | sed 's/^/[lifecycle] /'
if [ "$errors" != 0 ]; then
    grep -E " (ERROR|CRITICAL) " "$log" | head -20
    echo "[lifecycle] $errors ERROR lines in $log" >&2
    exit 1
fi
echo "[lifecycle] clean: no ERROR in $log"
dropdb "$db"
