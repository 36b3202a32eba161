import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leadvet.settings")
application = get_wsgi_application()

from leadvet.web_limits import LimitedStatements  # noqa: E402  (after the settings are set up)

# Each request's SQL statements stop after DATABASE_STATEMENT_TIMEOUT seconds (PostgreSQL).
application = LimitedStatements(application)
