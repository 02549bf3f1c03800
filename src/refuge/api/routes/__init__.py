"""Routers, one per capability; each is thin and calls a service."""
