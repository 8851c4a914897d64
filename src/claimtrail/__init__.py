"""claimtrail: who claimed what, when, how sure, and how did it change.

The Python API (``claimtrail.api``, see docs/python-api.md) is importable from here; its modules load
on first use, so ``import claimtrail`` stays fast.
"""

import logging

__version__ = "0.1.0"

__all__ = ["Claims", "__version__", "build_story", "claims", "extract_claims", "extract_text", "open_store", "to_pandas"]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str):
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'claimtrail' has no attribute {name!r}")
