"""What the benchmark scripts share: their command line, an environment on the
benchmark database, filling it once, and the timing of one step."""

import argparse
import time
from contextlib import contextmanager

import odoo
from odoo import SUPERUSER_ID, api


def bench_parser(description):
    """The options every benchmark takes; each script adds its sizes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--log-level", default="warn")
    return parser


@contextmanager
def bench_env(args):
    """A superuser environment on the benchmark database."""
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, f"--log-level={args.log_level}"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})


def timed(label, func):
    """Run func, print how long it took, return (its result, the seconds)."""
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"{label:<70} {elapsed:8.2f} s")
    return result, elapsed


def fill_once(env, marker, label, fill):
    """Fill the database with ``fill()`` unless ``marker`` (an ir.config_parameter)
    says an earlier run did; commit, so reruns reuse the data."""
    if env["ir.config_parameter"].get_param(marker):
        return
    timed(label, fill)
    env["ir.config_parameter"].set_param(marker, label)
    env.cr.commit()
