"""Time expressions: the tagger, its patterns (``rules/<lang>/timex.json``), resolution."""
