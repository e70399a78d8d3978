"""The one measure vocabulary, used by every part of LexBridge.

It is defined in :mod:`lexbridge.law.vocabulary` because instruments in the dataset name the
measures they offer, and ``law`` may not import ``engine``; this module is its public home.
"""

from lexbridge.law.vocabulary import Measure

__all__ = ["Measure"]
