"""The pages, one thin file each (see ``xeploai/screens/registry.py``)."""
