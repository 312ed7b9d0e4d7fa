"""Batch work over the store and the index: re-ranking runs, spreading their first places over
the workplaces, retraining the learned ranking, the citizens as a pool for reverse matching,
and the Celery tasks that run them."""
