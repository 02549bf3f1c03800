"""Refuge: casework for asylum and return: cited, dated country policy; a person decides."""

__version__ = "0.2.0"
