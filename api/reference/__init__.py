"""Health, the accommodation vocabulary and occupation look-ups."""
