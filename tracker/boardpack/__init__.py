"""Board pack: a period's programme frozen at a cut-off, as PowerPoint (native charts) or PDF."""
