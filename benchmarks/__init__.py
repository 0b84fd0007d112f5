"""Everything that measures Matchmaker.

Run by `matchmaker bench …` and `matchmaker loadtest`; nothing in the product imports it.
"""
