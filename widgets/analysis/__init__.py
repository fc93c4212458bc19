"""Anonymised analysis: aggregation, disclosure control, evaluation, exports. Reads the store, never writes answers."""

FORMATS = ("csv", "parquet", "json")  # of `workshop export`; here so the CLI can list them without pandas
