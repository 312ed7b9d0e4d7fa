"""The processes that serve: uvicorn's configuration, the supervisor of `matcher serve
--workers N`, the allocator's settings of a serving process, and the Celery app and worker."""
