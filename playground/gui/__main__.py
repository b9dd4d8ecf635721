"""`python -m playground.gui`: the window."""

import sys

from playground.gui.app import run_app

sys.exit(run_app(sys.argv))
