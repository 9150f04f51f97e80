"""Reads that pages, the API and reports share, by purpose: `pages` (the event and area pages),
`dashboard` (the board's dashboard) and `search` (finding findings). Trajectories and directions of
travel are findings.trajectories."""
