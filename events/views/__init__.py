"""Thin function views: check permission, call a service or selector, render the page."""
