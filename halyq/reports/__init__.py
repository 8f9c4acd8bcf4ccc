"""Documents (DOCX, XLSX, PDF) built from cases, mood and the civil society registry."""
