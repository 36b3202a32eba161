"""The synthetic network `manage.py generate_network` writes at national scale (see network)."""
