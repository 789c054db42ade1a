"""People, organisations and places: NER backends, canonical names, aliases, linking."""
