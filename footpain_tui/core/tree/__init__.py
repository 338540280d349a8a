"""Trees: the format (model, schema), loading, linting, the graph index and the walk."""
