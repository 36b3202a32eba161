"""The benchmark behind `make bench` and `make load`: run it as `python bench/run.py`."""
