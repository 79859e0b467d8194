#!/usr/bin/env bash
# Serve the demo: install if needed, create the demo database with our addons
# and generated demo data if it is absent, then start Odoo on 127.0.0.1:8069.
# A second run reuses the database.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=setup/env.sh
. "$here/env.sh"

bash "$here/install.sh"
cm_write_conf

db=${CM_DEMO_DB:-customer_mgmt_demo}
# Deliveries are part of the demo: stock comes along even before the credit addon;
# l10n_cn gives the Chinese company its chart of accounts and taxes.
modules="$(cm_addons),stock,l10n_cn"
if psql -lqt | cut -d'|' -f1 | grep -qw "$db"; then
    echo "[run] reusing database $db (drop it with: dropdb $db)"
    cm_odoo -d "$db" -u "$modules" --stop-after-init --log-level=warn
else
    echo "[run] creating database $db with $modules"
    # Chinese comes with the install, Odoo's and ours: ready when the server starts.
    cm_odoo -d "$db" -i "$modules" --without-demo=all --load-language=zh_CN \
        --stop-after-init --log-level=warn
    echo "[run] generating demo data (a food distributor, ${CM_DEMO_CUSTOMERS:-500} customers," \
         "${CM_DEMO_MONTHS:-24} months; about 15 minutes at the default size)"
    "$CM_VENV/bin/python" "$here/demo_data.py" -c "$CM_CONF" -d "$db" \
        --customers "${CM_DEMO_CUSTOMERS:-500}" --months "${CM_DEMO_MONTHS:-24}"
fi
cat <<TXT

  Customer Management demo: http://127.0.0.1:${CM_HTTP_PORT:-8069}/odoo?db=$db
  Log in as admin / admin (manager, in English), or sales1 / sales1 (a salesperson)
  and account1 / account1 (the accountant), who work in Chinese. Anyone switches
  language under their avatar > Preferences > Language.

TXT
exec "$CM_VENV/bin/python" "$CM_ODOO_DIR/odoo-bin" -c "$CM_CONF" -d "$db" --db-filter="^$db\$"
