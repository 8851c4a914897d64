"""claimtrail: who claimed what, when, how sure, and how did it change."""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
