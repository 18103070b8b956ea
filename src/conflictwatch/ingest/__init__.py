"""Readers: files, pages, feeds and JSON lines -> `Article`s."""
