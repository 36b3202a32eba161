"""The API router (every app's viewsets under /api/v1/) and the cross-app API views."""
