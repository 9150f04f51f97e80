"""Report records arrive with the PDF progress letters."""
