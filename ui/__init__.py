"""The Streamlit glue, in one place beside ``views/``.

- ``auth``: login, the signed-in user, page guards
- ``data``: the cached read-only database and the one cache decorator (data version, scope)
- ``selection``: the shared filters, in the sidebar and in the URL; chart clicks
- ``render``: drawing the screen models (tables, charts with their data, cards, notes)
- ``write``: the write handle for imports and undos
"""
