"""The settings the test suite runs under: the app's own, with DEBUG on unless the environment says
otherwise, as `make run` has it (the app's default is off). Tests of production behaviour start a
fresh interpreter with DEBUG=false (see tests/core/test_settings.py)."""

import os

os.environ.setdefault("DEBUG", "true")

from sefton_tracker.settings import *  # noqa: E402, F403
