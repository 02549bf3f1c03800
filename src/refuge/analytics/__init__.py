"""Caseload analytics: cohorts, and what passes disclosure control."""
