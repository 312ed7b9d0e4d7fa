# The API and CLI image used by docker-compose.yml.
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY matcher ./matcher
COPY store ./store
COPY indexer ./indexer
COPY api ./api
COPY fixtures ./fixtures
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["matcher", "serve", "--host", "0.0.0.0", "--port", "8000"]
