"""The web workspace (issue 9): a unit's cases end to end, in the browser."""
