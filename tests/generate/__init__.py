"""A generator of synthetic FOI returns in many layouts, each with the tidy truth it encodes.

ALL DATA IT WRITES IS SYNTHETIC (every file carries the mark). Used by tests/test_generated.py
(Hypothesis, a few hundred returns) and by `make fuzz` (python -m tests.generate.fuzz).
"""
