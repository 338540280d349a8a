"""footpain-tui: a terminal tutor for clinical reasoning with decision trees."""

__version__ = "0.1.0"
