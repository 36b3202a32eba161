"""Thin function views: parse the request, check permission, call a service or selector."""
