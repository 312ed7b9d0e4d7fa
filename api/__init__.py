"""HTTP API (FastAPI), CLI and, later, the web pages. Depends on everything below it."""
