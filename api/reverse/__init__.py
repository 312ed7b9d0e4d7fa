"""Reverse matching: a function's anonymised candidates for coordinators, and the
notifications their consultants decide on."""
