"""Derived data: search backends behind one interface, kept current from the store."""
