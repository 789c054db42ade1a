"""Scoring khronika against gold data (NER-UK DATE spans now; entities, clusters next)."""
