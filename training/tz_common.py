"""Kept for scripts written before the tz package (training/tz/): `import tz_common as tz`
gives the same names as `import tz`, all loaded at once (torch included). New code imports tz."""

from tz import *  # noqa: F401,F403
