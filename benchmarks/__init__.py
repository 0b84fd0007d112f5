"""Everything that measures Matchmaker; run by `matchmaker bench …` and `matchmaker loadtest`, imported by nothing in the product."""
