"""Web workers import supplies (and through it the allocation package) on every request path; OR-Tools
and SciPy must load only when a plan is computed."""

import subprocess
import sys

CHECK = (
    "import sys, os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'heli.settings');"
    "django.setup();"
    "import matching.allocation, supplies.services, supplies.views.actions, supplies.views.pages;"
    "print(sorted(m for m in sys.modules if m.split('.')[0] in ('ortools', 'scipy')))"
)


def test_importing_allocation_and_supplies_loads_neither_ortools_nor_scipy():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout[:500]
