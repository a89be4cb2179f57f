"""xeploai: the yearly quality classification of party organizations and members."""

__version__ = "0.1.0"
