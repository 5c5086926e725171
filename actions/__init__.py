"""Custom actions of the 12333 companion, one module per feature."""
