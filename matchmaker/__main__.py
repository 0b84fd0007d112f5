"""`python -m matchmaker` is the `matchmaker` command."""

from .cli import main

main()
