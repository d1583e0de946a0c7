"""The named query library: the ``.cypher`` files under ``cypher/`` and everything about them.

- :mod:`redchain.queries.catalogue` finds the files and reads their headers;
- :mod:`redchain.queries.steps` holds the Python steps a header can name (``compute:``);
- :mod:`redchain.queries.parameters` types parameters and works out their defaults;
- :mod:`redchain.queries.running` runs a query with its parameters resolved;
- :mod:`redchain.queries.docs` writes the catalogue page, docs/queries.md.

``redchain.querylib`` gathers the public names of all five in one place.
"""
