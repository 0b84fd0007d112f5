"""The use cases the API, the staff pages and the CLI share: one function for each job.

No Flask here: what a use case needs from the configuration (the default weights) and what a
worker keeps in memory (`state.WorkerState`) are passed in by the caller. Transactions follow
the house rule: services flush, the view or command commits once.
"""
