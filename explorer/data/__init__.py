"""Seeded generators for every task and corpus, and validation of uploaded data."""
