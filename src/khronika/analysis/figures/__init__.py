"""Figures: numbers with what they count, and figures that cannot both be true."""
