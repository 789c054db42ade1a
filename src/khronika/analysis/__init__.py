"""Per-article analysis stages (language now; sentences, entities, times next)."""
