#!/usr/bin/env bash
# Lint the project: ruff (check and format) and pylint-odoo with the OCA's
# mandatory checks. Exits non-zero on any finding.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=setup/env.sh
. "$here/env.sh"
cd "$CM_REPO"
"$CM_VENV/bin/ruff" check .
"$CM_VENV/bin/ruff" format --check .
# shellcheck disable=SC2046
"$CM_VENV/bin/pylint" --rcfile=.pylintrc $(cm_addons | tr , ' ')
echo "lint: clean"
