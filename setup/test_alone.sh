#!/usr/bin/env bash
# Install each addon alone into a fresh database (Odoo's demo data included) and
# run its own tests with Odoo's runner, as integrators and OCA's CI do:
#   odoo-bin -i <addon> --test-enable --test-tags /<addon>
# A dependency missing from a manifest, or a test leaning on another of our
# addons, fails here. Usage: bash setup/test_alone.sh [addon ...]
# (CM_KEEP_DB=1 keeps the databases, cm_alone_<addon>, to look into a failure.)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=setup/env.sh
. "$here/env.sh"

bash "$here/install.sh" >/dev/null
cm_write_conf

[ $# -gt 0 ] || IFS=, read -r -a addons_list <<<"$(cm_addons)"
[ $# -eq 0 ] || addons_list=("$@")

failed=()
for addon in "${addons_list[@]}"; do
    db="cm_alone_$addon"
    log="$CM_HOME/test-alone-$addon.log"
    dropdb --if-exists "$db"
    start=$(date +%s)
    rc=0
    # A hang (a subprocess waiting on the busy server, say) fails the addon
    # after 20 minutes instead of eating CI's whole budget.
    timeout --kill-after=30 "${CM_ALONE_TIMEOUT:-1200}" \
        "$CM_VENV/bin/python" "$CM_ODOO_DIR/odoo-bin" -c "$CM_CONF" \
        -d "$db" -i "$addon" --test-enable --test-tags "/$addon" \
        --stop-after-init --log-level=info >"$log" 2>&1 || rc=$?
    [ "$rc" -ne 124 ] || echo "[alone] $addon: timed out after ${CM_ALONE_TIMEOUT:-1200} s" >&2
    # The runner's summary, e.g. "0 failed, 0 error(s) of 74 tests when loading ..."
    summary=$(grep -o "[0-9]* failed, [0-9]* error(s) of [0-9]* tests" "$log" | tail -1 || true)
    # Any error logged counts, not only failed tests: a traceback while loading
    # too; and any warning raised by our code (its logger or a frame of ours).
    errors=$(grep -cE "^[0-9-]+ [0-9:,]+ [0-9]+ ((ERROR|CRITICAL) |WARNING \S+ (odoo\.addons\.customer_mgmt|.*$CM_REPO/customer_mgmt))" "$log" || true)
    echo "[alone] $addon: ${summary:-no tests ran} ($(( $(date +%s) - start )) s, log $log)"
    if [ "$rc" -ne 0 ] || [ "$errors" -ne 0 ] || [[ ! "$summary" =~ ^0\ failed,\ 0\ error ]] \
        || [[ "$summary" =~ of\ 0\ tests ]]; then
        grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL|WARNING) " "$log" | head -30 || true
        failed+=("$addon")
    fi
    [ -n "${CM_KEEP_DB:-}" ] || dropdb --if-exists "$db"
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "[alone] failed: ${failed[*]}" >&2
    exit 1
fi
echo "[alone] every addon installs alone and passes its own tests"
