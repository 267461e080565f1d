"""board_pack and import_plan start without what they do not use (bench/startup_bench.py).

Each runs as its own process, as an operator types it: the admin's modules are not
discovered (django-import-export's admin loads tablib's formats and openpyxl), no system
check imports the URLconf, and board_pack imports WeasyPrint only once it has work.
Every other command, the web app and the tests discover the admin as before.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys
command, app = sys.argv[1:3]
sys.argv = ["manage.py", command, "--help"]
import django
django.setup()
from django.core.management import load_command_class
load_command_class(app, command)
from django.contrib import admin
loaded = [m for m in ("import_export.admin", "weasyprint", "sendplan.urls") if m in sys.modules]
print(",".join(loaded) or "-", len(admin.site._registry))
"""


def _probe(command, app):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="sendplan.settings_test")
    done = subprocess.run(  # noqa: S603 (our own interpreter and a fixed script)
        [sys.executable, "-c", PROBE, command, app],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    loaded, registered = done.stdout.split()
    return loaded, int(registered)


def test_the_one_off_commands_load_neither_the_admin_nor_weasyprint_nor_the_urls():
    for command, app in (("board_pack", "reports"), ("import_plan", "actions")):
        assert _probe(command, app) == ("-", 0), command


def test_other_commands_still_discover_the_admin():
    loaded, registered = _probe("export_plan", "actions")
    assert "import_export.admin" in loaded
    assert registered > 10
