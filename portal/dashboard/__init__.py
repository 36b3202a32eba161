"""The coordinator dashboard and the steering report's figures.

- `periods`: report periods, terms and the filters a figure is computed for;
- `figures`: `build_figures`, a fixed number of SQL aggregates through each app's selectors,
  returning plain data (no model instances, no translated labels) so it can be cached;
- `cache`: `cached_figures`, assembled from parts kept five minutes per filter combination
  under versions that the writes to the underlying models bump, so a write shows at once;
- `presentation`: `figure_tables` and `chart_specs` turn figures into the page's tables and
  charts in the current language.
"""
