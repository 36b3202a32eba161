"""API plumbing shared by every app's viewsets: token auth and scopes, errors, schema, fields."""
