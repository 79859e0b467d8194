# Shared locations for the setup scripts (sourced, not run).
# Everything installed lives outside the clone, so every clone and CI reuse it.
CM_HOME=${CUSTOMER_MGMT_HOME:-$HOME/.local/share/customer_mgmt}
CM_VENV="$CM_HOME/venv"
CM_ODOO_DIR="$CM_HOME/odoo-18.0"
CM_PYTHON=${CM_PYTHON:-$(command -v python3.11 || command -v python3)}
CM_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CM_HOME CM_VENV CM_ODOO_DIR CM_REPO
# One configuration per clone: its addons path differs, and clones may run at once.
CM_CONF="$CM_HOME/odoo-$(printf %s "$CM_REPO" | sha1sum | cut -c1-10).conf"
export CM_CONF

# Write the Odoo configuration for this clone (its addons path) and the local
# PostgreSQL. Called by run.sh and test.sh before they start Odoo.
cm_write_conf() {
    mkdir -p "$CM_HOME/data"
    cat >"$CM_CONF" <<CONF
[options]
addons_path = $CM_ODOO_DIR/addons,$CM_ODOO_DIR/odoo/addons,$CM_REPO
data_dir = $CM_HOME/data
db_host = False
db_port = False
http_interface = 127.0.0.1
http_port = ${CM_HTTP_PORT:-8069}
list_db = True
CONF
}

# Run Odoo's own command line with the configuration above.
cm_odoo() {
    "$CM_VENV/bin/python" "$CM_ODOO_DIR/odoo-bin" -c "$CM_CONF" "$@"
}

# The project's addons, comma-separated: every top-level folder with a manifest.
cm_addons() {
    local names=()
    for manifest in "$CM_REPO"/*/__manifest__.py; do
        names+=("$(basename "$(dirname "$manifest")")")
    done
    (IFS=,; echo "${names[*]}")
}
