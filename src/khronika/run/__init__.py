"""Executing the per-document work: in this process, in local worker processes; the writer loop."""
