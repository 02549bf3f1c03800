"""Casework: applications and their lifecycle, permits, return cases, deadlines."""
