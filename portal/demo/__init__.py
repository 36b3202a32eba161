"""The demo network that `manage.py seed_demo` loads (see seeder.DemoSeeder)."""
