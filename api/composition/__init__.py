"""The composition root: the settings, what the application holds while it runs (the
context) and how it is wired from the settings, and the demo it can load."""
