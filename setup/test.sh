#!/usr/bin/env bash
# Run the whole test suite: install if needed, build a fresh test database once
# (Odoo's demo data plus our addons), install each addon alone and run its own
# tests with Odoo's runner (setup/test_alone.sh), then run pytest-odoo over each
# addon's tests/ and the cross-addon tests/ (browser tours included).
# Exits non-zero on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=setup/env.sh
. "$here/env.sh"

if [ "${1:-}" = "--odoo-core" ]; then
    exec bash "$here/odoo_core_tests.sh"
fi

bash "$here/install.sh"
cm_write_conf

db=${CM_TEST_DB:-customer_mgmt_test}
log="$CM_HOME/test-install.log"
modules=$(cm_addons)
echo "[test] building database $db with $modules (Odoo demo data included)"
dropdb --if-exists "$db"
start=$(date +%s)
if ! cm_odoo -d "$db" -i "$modules" --stop-after-init --log-level=info >"$log" 2>&1; then
    tail -50 "$log"
    echo "[test] installing the addons failed, see $log" >&2
    exit 1
fi
echo "[test] database built in $(( $(date +%s) - start )) s"

cd "$CM_REPO"
export CM_INSTALL_LOG="$log"
alone=0
# The full run (no arguments) also installs each addon alone; first, so that the
# run ends with pytest's summary.
if [ $# -eq 0 ] && ! bash "$here/test_alone.sh"; then
    alone=1
fi
set +e
# Arguments, if any, replace the default selection (e.g. tests/test_tier.py -x).
# Without arguments pytest runs its testpaths: each addon's tests/, then tests/.
"$CM_VENV/bin/pytest" --odoo-config="$CM_CONF" --odoo-database="$db" --odoo-http \
    --odoo-log-level=warn -p no:cacheprovider "$@"
rc=$?
set -e
# pytest exits 5 when it collected nothing: that is a failure here too.
[ "$rc" -ne 0 ] || rc=$alone
exit $rc
