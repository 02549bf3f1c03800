"""The REST API (`/api/v1`): FastAPI app, auth, role-based access, problem+json errors."""
