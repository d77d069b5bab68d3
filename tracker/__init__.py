"""Improvement-programme tracker: goals, measures with Making Data Count SPC, milestones and board packs."""

__version__ = "0.1.0"
__all__ = ["__version__"]
