"""Document uploads (tenancy agreements, ID scans), screened for executables (FR-032)."""
