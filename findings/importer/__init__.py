"""Importing Ofsted monitoring-visit letters and ILACS inspection reports into draft events.

The parsing modules (text, dates, names, polarity, matching, letter, report, pdf, draft) are
plain Python: no Django, no network. The Django side (prepare, forms, saving, views, api) looks
up the authority and its areas, and saves a reviewed draft through the shared services.
"""
