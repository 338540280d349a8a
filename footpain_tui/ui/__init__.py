"""The Textual layer: renders core state and turns keys into calls on the core."""
