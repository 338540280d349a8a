"""The headless core: tree format, loading, linting, walking. Never imports Textual or Rich."""
