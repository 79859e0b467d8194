"""Write each addon's translation template (i18n/<addon>.pot) from a database
where the addons are installed as they are now, and list the terms of zh_CN.po
still missing (tests/test_i18n.py fails on any).

    venv/bin/python setup/i18n_export.py -c CONF -d DB
"""

import io
import os

import polib
from bench_common import bench_env, bench_parser

from odoo.tools.translate import trans_export

ADDONS = [
    "customer_mgmt",
    "customer_mgmt_credit",
    "customer_mgmt_scoring",
    "customer_mgmt_helpdesk",
]


def main():
    args = bench_parser(__doc__.splitlines()[0]).parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with bench_env(args) as env:
        for addon in ADDONS:
            buffer = io.BytesIO()
            trans_export(False, [addon], buffer, "po", env.cr)
            path = os.path.join(root, addon, "i18n", f"{addon}.pot")
            with open(path, "wb") as pot:
                pot.write(buffer.getvalue())
            po = polib.pofile(os.path.join(root, addon, "i18n", "zh_CN.po"))
            known = {entry.msgid for entry in po if entry.msgstr}
            missing = [e.msgid for e in polib.pofile(path) if e.msgid not in known]
            print(f"{addon}: {len(missing)} terms without a Chinese translation")
            for msgid in missing:
                print(f"  {msgid!r}")


if __name__ == "__main__":
    main()
