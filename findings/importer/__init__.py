"""Importing Ofsted's documents (monitoring visit letters, inspection reports) into draft events.

- `parsing/` is plain Python (no Django, no network): a document's text into a `Draft` (its
  facts, judgements, areas and findings), and the matching of its wording to areas of concern.
- `services` reads an upload or pasted text, finds the authority and its areas, finds an event
  already recorded, and saves a reviewed draft through the shared services.
- `forms` and `review` are the review of a draft as forms; `views`, `api` and the `import_letter`
  command are its entry points.
"""
