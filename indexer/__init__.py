"""Derived data: the search index (embedded, with its snapshots, or OpenSearch) behind one
interface, kept current from the store."""
