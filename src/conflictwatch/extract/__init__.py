"""Extraction: a pipeline of small components over one `Document` (see pipeline.py for the order)."""
