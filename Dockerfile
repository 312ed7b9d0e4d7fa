# The API and CLI image used by docker-compose.yml.
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# The locked runtime set (hashes checked) first, so it is a layer of its own; then the project,
# resolving nothing (requirements/runtime.txt pins the build backend too).
COPY requirements/runtime.txt ./requirements/runtime.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/runtime.txt
COPY pyproject.toml README.md ./
COPY matcher ./matcher
COPY store ./store
COPY indexer ./indexer
COPY batch ./batch
COPY api ./api
COPY fixtures ./fixtures
RUN pip install --no-cache-dir --no-deps --no-build-isolation . && pip check
EXPOSE 8000
CMD ["matcher", "serve", "--host", "0.0.0.0", "--port", "8000"]
