"""What every route shares: the unit of work and its dependencies, errors as types, the
headers every answer carries, the OpenAPI document, shared field types, logging, import files."""
