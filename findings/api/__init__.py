"""The findings app's part of the REST API: `serializers`, `viewsets` (the resources that
sefton_tracker.api_urls routes) and `exports` (their CSV and XLSX downloads)."""
