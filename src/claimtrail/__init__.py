"""claimtrail: who claimed what, when, how sure, and how did it change.

The Python API (``claimtrail.api``, see docs/python-api.md) is importable from here; its modules load
on first use, so ``import claimtrail`` stays fast.
"""

import logging
import sys
import types

__version__ = "0.1.0"

__all__ = ["Claims", "__version__", "claims", "extract", "extract_text", "open_store", "story", "to_pandas"]

logging.getLogger(__name__).addHandler(logging.NullHandler())

_SUBMODULES_NAMED_LIKE_THE_API = ("extract", "story")  # the stages claimtrail.extract and claimtrail.story


class _Package(types.ModuleType):
    """Importing the stage ``claimtrail.story`` must not hide the function ``claimtrail.story``: the
    submodules stay in ``sys.modules`` (``from claimtrail.story import build_story`` works as before)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _SUBMODULES_NAMED_LIKE_THE_API and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'claimtrail' has no attribute {name!r}")
