"""Bulk import and export of incubators, projects and sites as CSV or XLSX: all rows or none."""
