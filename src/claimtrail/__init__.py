"""claimtrail: who claimed what, when, how sure, and how did it change.

The Python API (``claimtrail.api``, see docs/python-api.md) is importable from here; its modules load
on first use, so ``import claimtrail`` stays fast.
"""

import logging

__version__ = "0.1.0"

__all__ = ["DEFAULT_DB", "Claims", "Ingest", "__version__", "build_story", "check_options", "claims", "extract_claims", "extract_text",
           "link_claims", "linked_store", "open_store", "read_story", "render_report", "to_pandas", "write_story_json"]  # claimtrail.api's

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str):
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'claimtrail' has no attribute {name!r}")
