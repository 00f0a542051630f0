"""The ministry report: Excel workbook, PDF and CSV zip of a year (docs/report.md)."""
