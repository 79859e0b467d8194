#!/usr/bin/env bash
# Idempotent installer: Debian packages, a running PostgreSQL with a role for the
# current user, a virtualenv outside the clone with Odoo 18.0 and the test tools.
# Odoo is taken, in this order, from ODOO_SRC, from the copy an earlier run kept,
# from an Odoo already importable, or from a shallow clone of the official branch.
# What was installed is remembered in $CUSTOMER_MGMT_HOME, so later runs need no variable.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=setup/env.sh
. "$here/env.sh"

log() { printf '[install] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_debian_packages() {
    local pkgs=(postgresql libpq-dev libldap2-dev libsasl2-dev libxml2-dev libxslt1-dev
                libjpeg-dev zlib1g-dev chromium fonts-noto-cjk wkhtmltopdf git rsync)
    local missing=()
    for p in "${pkgs[@]}"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

start_postgresql() {
    if ! pg_isready -q 2>/dev/null; then
        log "starting PostgreSQL"
        local ver
        ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
        pg_lsclusters -h 2>/dev/null | grep -q "^$ver main" || as_root pg_createcluster "$ver" main >/dev/null
        as_root pg_ctlcluster "$ver" main start
        for _ in $(seq 30); do pg_isready -q && break; sleep 1; done
    fi
    local me
    me=$(id -un)
    if ! as_root su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$me'\"" | grep -q 1; then
        log "creating PostgreSQL role $me"
        as_root su postgres -c "createuser --superuser '$me'"
    fi
}

provide_odoo_source() {
    # 1. ODOO_SRC given: copy it into our home, so it survives the folder it came from.
    if [ -n "${ODOO_SRC:-}" ]; then
        if [ ! -f "$ODOO_SRC/odoo/release.py" ]; then
            echo "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo/release.py)." >&2
            exit 1
        fi
        if [ "$(readlink -f "$ODOO_SRC")" != "$(readlink -f "$CM_ODOO_DIR")" ]; then
            log "copying Odoo from $ODOO_SRC to $CM_ODOO_DIR"
            mkdir -p "$CM_ODOO_DIR"
            rsync -a --delete --exclude .git "$ODOO_SRC"/ "$CM_ODOO_DIR"/
        fi
        echo "copied from $ODOO_SRC" >"$CM_HOME/odoo_origin"
        return 0
    fi
    # 2. Remembered from an earlier run.
    [ -f "$CM_ODOO_DIR/odoo/release.py" ] && return 0
    # 3. An Odoo already importable by python3.
    local found
    found=$(python3 -c 'import odoo, os; print(os.path.dirname(os.path.dirname(odoo.__file__)))' 2>/dev/null || true)
    if [ -n "$found" ] && [ -f "$found/odoo/release.py" ]; then
        log "using the installed Odoo in $found"
        mkdir -p "$CM_ODOO_DIR"
        rsync -a --delete --exclude .git "$found"/ "$CM_ODOO_DIR"/
        echo "copied from installed $found" >"$CM_HOME/odoo_origin"
        return 0
    fi
    # 4. A shallow clone of the official branch.
    log "cloning Odoo 18.0"
    if git clone -q --depth 1 --branch 18.0 https://github.com/odoo/odoo.git "$CM_ODOO_DIR.tmp" 2>/dev/null; then
        mv "$CM_ODOO_DIR.tmp" "$CM_ODOO_DIR"
        echo "cloned 18.0" >"$CM_HOME/odoo_origin"
        return 0
    fi
    rm -rf "$CM_ODOO_DIR.tmp"
    echo "No Odoo 18.0 found: run setup/install.sh once with ODOO_SRC=/path/to/odoo-18.0-source (a checkout or unpacked source tree)." >&2
    exit 1
}

check_odoo_version() {
    local v
    v=$(sed -n "s/^version_info = (\([0-9]*\), .*/\1/p" "$CM_ODOO_DIR/odoo/release.py")
    if [ "$v" != "18" ]; then
        echo "The Odoo in $CM_ODOO_DIR is version $v, not 18.0: run setup/install.sh with ODOO_SRC pointing at Odoo 18.0." >&2
        exit 1
    fi
}

install_python() {
    local stamp="$CM_HOME/venv.stamp"
    local want
    want=$(cat "$CM_ODOO_DIR/requirements.txt" "$here/requirements-dev.txt" \
        "$here/requirements-oca.txt" | sha1sum | cut -c1-16)
    if [ -x "$CM_VENV/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        return 0
    fi
    log "building the virtualenv in $CM_VENV"
    [ -x "$CM_VENV/bin/python" ] || "$CM_PYTHON" -m venv "$CM_VENV"
    "$CM_VENV/bin/pip" install -q --upgrade pip wheel "setuptools<70"
    # cbor2 5.4.2 does not build on current toolchains; any newer release works.
    grep -v '^cbor2' "$CM_ODOO_DIR/requirements.txt" >"$CM_HOME/requirements-odoo.txt"
    echo 'cbor2>=5.6' >>"$CM_HOME/requirements-odoo.txt"
    "$CM_VENV/bin/pip" install -q -r "$CM_HOME/requirements-odoo.txt"
    "$CM_VENV/bin/pip" install -q -r "$here/requirements-dev.txt"
    "$CM_VENV/bin/pip" install -q --no-deps -r "$here/requirements-oca.txt"
    echo "$want" >"$stamp"
}

link_odoo() {
    # Odoo is imported from our copy of its source, not installed as a package.
    local site
    site=$("$CM_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    echo "$CM_ODOO_DIR" >"$site/odoo-src.pth"
}

mkdir -p "$CM_HOME"
install_debian_packages
start_postgresql
provide_odoo_source
check_odoo_version
install_python
link_odoo
log "ready: Odoo $(cat "$CM_HOME/odoo_origin"), virtualenv $CM_VENV"
