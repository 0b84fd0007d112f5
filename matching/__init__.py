"""Ranking and assignment algorithms: plain data in, plain results out (numpy, scipy, networkx).

Nothing here imports Flask, SQLAlchemy or the other packages of Matchmaker.
"""
