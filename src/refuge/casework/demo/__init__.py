"""A synthetic caseload for demonstrations and analytics: calibrated, deterministic, marked."""
