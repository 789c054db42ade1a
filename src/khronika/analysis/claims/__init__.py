"""Who said what: attributed claims, their sources and cues."""
