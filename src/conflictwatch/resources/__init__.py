"""Data, not code: gazetteer index and build script, regions, actors, lexicons."""
