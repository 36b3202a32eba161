"""Settings for the LeadVET portal: read from the environment once, here."""

from pathlib import Path

from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from leadvet import roles, sso
from leadvet.env import (
    broker_url,
    database_config,
    env_bool,
    env_int,
    env_list,
    env_str,
    mailer_config,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("LEADVET_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    SECRET_KEY = "dev-only-insecure-key-leadvet-portal-not-for-production-use-0123456789"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# `make bench` sets this to mount /bench/ping/, the minimal view its floors are measured on.
LEADVET_BENCH = env_bool("LEADVET_BENCH", default=False)

INSTALLED_APPS = [
    "leadvet",
    # Before the admin: it registers the translated fields of each app's translation.py.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "colleges",
    "mentors",
    "events",
    "surveys",
    "alumni",
    "space",
    "outcomes",
    "practice",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "leadvet.middleware.ControlCharactersInPathMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "leadvet.middleware.UserLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "leadvet.middleware.UploadSizeLimitMiddleware",
    "leadvet.middleware.StatementTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "leadvet.middleware.RequireMfaMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "leadvet.urls"
WSGI_APPLICATION = "leadvet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.user_roles",
            ],
        },
    },
    {
        # Plain text is not HTML: email subjects and text parts (leadvet.lib.mail) are rendered
        # by this engine, which never HTML-escapes ("O'Brien & Co" stays as written).
        "NAME": "email_text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {"autoescape": False},
    },
]

DATABASES = {"default": database_config("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A writer waits up to 20 s for another's write (a Celery worker's, in the tests that start
    # one) rather than 5: on a loaded machine 5 s was seen to run out.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=20000;"
    )
    DATABASES["default"]["OPTIONS"]["timeout"] = 20
    # SQLite has no INCLUDE columns: there the contact log's covering index is a date index.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
# A read-only replica (PostgreSQL streaming replication) for the reports: the dashboards, the
# steering report, the API's reports and survey results read from it; everything else, every
# write and every transaction uses `default` (leadvet/db_routers.py).
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_config("DATABASE_REPLICA_URL", "")
    DATABASE_ROUTERS = ["leadvet.db_routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A web request's SQL statement is cancelled after this many seconds on PostgreSQL (0: never);
# Celery workers and management commands are not limited (leadvet/web_limits.py).
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 5)

AUTH_USER_MODEL = "leadvet.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# allauth: login by email, no open sign-up (users are invited).
ACCOUNT_ADAPTER = "leadvet.lib.accounts.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Sign-in limits, counted in the cache (per web process while it is unreachable). A failed
# sign-in (a wrong password, a wrong two-factor code) counts against the account and the
# address: 5 per account in 5 minutes, from anywhere, so no account can be brute-forced; and
# LOGIN_FAILURES_PER_ADDRESS (default 100) per address in 5 minutes, generous, because
# behind a proxy that is not declared below every user shares one address, and a strict
# limit there would let one person lock everyone out.
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 100)
ACCOUNT_RATE_LIMITS = {
    "login": "100/m/ip",
    "login_failed": f"{LOGIN_FAILURES_PER_ADDRESS}/5m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# Behind a reverse proxy: the number of proxies in front of the portal that append to
# X-Forwarded-For (TRUSTED_PROXY_COUNT, e.g. 1 for one nginx), or the header a single trusted
# proxy puts the client's address in (TRUSTED_CLIENT_IP_HEADER, e.g. X-Real-IP). Without
# either, the address is the connection's (REMOTE_ADDR) and forwarded headers are ignored
# (a client could write any address into them).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER") or None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[LeadVET] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Roles whose members must set up an authenticator app before using the portal, e.g.
# MFA_REQUIRED_ROLES="Coordinator,Steering group" (see leadvet.roles for the names).
MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES")
if unknown_roles := set(MFA_REQUIRED_ROLES) - set(roles.ALL_ROLES):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"MFA_REQUIRED_ROLES: unknown role(s) {sorted(unknown_roles)}")

# Single sign-on (README "Single sign-on"): OpenID Connect and SAML2 identity providers from
# SSO_PROVIDERS (JSON). An SSO login only reaches an account that already exists, matched by
# the provider's verified e-mail address; nobody gets an account by signing in.
SOCIALACCOUNT_PROVIDERS = sso.sso_providers("SSO_PROVIDERS")
SOCIALACCOUNT_ADAPTER = "leadvet.lib.accounts.InvitationOnlySocialAccountAdapter"
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
# The identity provider vouched for the address (leadvet.lib.accounts marks it verified).
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
# Roles whose members must sign in through SSO, never with a password, e.g.
# SSO_REQUIRED_ROLES="Coordinator,College coordinator".
SSO_REQUIRED_ROLES = env_list("SSO_REQUIRED_ROLES")
if unknown_roles := set(SSO_REQUIRED_ROLES) - set(roles.ALL_ROLES):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"SSO_REQUIRED_ROLES: unknown role(s) {sorted(unknown_roles)}")

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_SAVE_EVERY_REQUEST = False

# Internationalisation: English, Finland's two official languages and the partners' Estonian and
# Dutch (locale/<code>/LC_MESSAGES/django.po each); times stored in UTC, shown in Helsinki time.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("et", _("Estonian")),
    ("nl", _("Dutch")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Translatable data (django-modeltranslation, each app's translation.py): a column per
# interface language; a value missing in the reader's language falls back to English (the
# reference catalogue's language), then to the first language it was written in.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = tuple(code for code, _name in LANGUAGES)
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True
# Our own date-time formats per language (with the weekday), Django's for everything else.
FORMAT_MODULE_PATH = ["leadvet.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE", 5 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: EMAIL_URL is read into Django 6.1's MAILERS. Development mail lands in var/mail.
MAILERS = {
    "default": mailer_config(
        "EMAIL_URL", f"file://{VAR_DIR / 'mail'}" if DEBUG else "smtp://localhost:25"
    )
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "LeadVET <noreply@leadvet.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "leadvet",
    }
}
if env_str("REDIS_URL"):
    # Redis, and this process's memory while Redis is unreachable (leadvet/lib/cache.py): a
    # request never fails for want of the cache. Short timeouts: a lost Redis costs a request
    # at most a second before the memory takes over.
    CACHES["default"] = {
        "BACKEND": "leadvet.lib.cache.FailSafeRedisCache",
        "LOCATION": env_str("REDIS_URL"),
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
    }

# Celery: the embedded broker is kombu's filesystem transport, so `make run` needs no Redis.
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = broker_url(("CELERY_BROKER_URL", "REDIS_URL"), "filesystem://")
# kombu's own, with each message written whole before a worker can see it (leadvet/lib/broker.py).
CELERY_BROKER_TRANSPORT = (
    "leadvet.lib.broker:Transport" if CELERY_BROKER_URL.startswith("filesystem") else None
)
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {"visibility_timeout": 3600, "socket_connect_timeout": 2, "socket_timeout": 5}
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {
    "send-due-reminders": {
        "task": "leadvet.tasks.send_due_reminders",
        "schedule": 5 * 60,
    },
    "email-monthly-steering-report": {
        "task": "leadvet.tasks.email_monthly_steering_report",
        "schedule": crontab(minute=0, hour=6, day_of_month=1),
    },
    "nudge-expired-availability": {
        "task": "mentors.tasks.nudge_expired_availability",
        "schedule": crontab(minute=0, hour=7, day_of_month=1),
    },
    "space-daily-digests": {
        "task": "space.tasks.owe_digests",
        "schedule": crontab(minute=0, hour=6),
        "args": ("daily",),
    },
    "space-weekly-digests": {
        "task": "space.tasks.owe_digests",
        "schedule": crontab(minute=0, hour=6, day_of_week=1),
        "args": ("weekly",),
    },
    "clear-old-contact-summaries": {
        "task": "mentors.tasks.clear_old_contact_summaries",
        "schedule": crontab(minute=30, hour=3, day_of_month=1),
    },
    "forget-old-teacher-student-data": {
        "task": "outcomes.forget_old_teacher_student_data",
        "schedule": crontab(minute=45, hour=3, day_of_month=1),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "leadvet.api.auth.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "leadvet.api.auth.TokenScope",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["leadvet.api.auth.PerTokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env_str("API_RATE", "2000/hour")},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT or None,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "leadvet.api.filters.SearchFilter",
    ],
    # Request bodies are JSON only, in the schema too (drf-spectacular lists the parsers' media
    # types); a form or multipart body answers 415. An upload would set its own parser_classes.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "leadvet.api.schema.ApiAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "leadvet.api.errors.exception_handler",
    # APIClient in the tests sends what the API accepts.
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LeadVET mentor network API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema maps every endpoint and field: only for signed-in users and token holders.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Tags and operation ids from the path after the version: `contacts_create`, tag `contacts`
    # (a generated client's modules and functions are named after them).
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # Several models have a "status" or a "kind" field; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "AvailabilityKindEnum": "mentors.models.Availability.Kind",
        "EventKindEnum": "events.models.Event.Kind",
        # A mentor's `profile`: which of the two shapes the answer has.
        "FullProfileEnum": ["full"],
        "PublicProfileEnum": ["public"],
        "MentorStatusEnum": "mentors.models.Mentor.Status",
        "ContactRequestStatusEnum": "mentors.models.ContactRequest.Status",
        "EventStatusEnum": "events.models.Event.Status",
        "RegistrationStatusEnum": "events.models.Registration.Status",
        # The events' audience keeps the name it had before the space's topics had one.
        "AudienceEnum": "events.models.Event.Audience",
        "TopicKindEnum": "space.models.Topic.Kind",
        "TopicAudienceEnum": "space.models.Audience",
        "StudentOutcomeKindEnum": "outcomes.models.StudentOutcome.Kind",
        "DeliverableStatusEnum": "outcomes.models.Deliverable.Status",
        "TaskPracticeLevelEnum": "practice.models.Level",
    },
}

# Content Security Policy: Django 6's own middleware; no inline script anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    # The login page's SSO buttons post to the portal, which redirects to the provider.
    "form-action": [CSP.SELF, *sso.login_origins(SOCIALACCOUNT_PROVIDERS)],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Domain settings.
CONTACT_EDIT_WINDOW_DAYS = 30
# The network space: an author edits a post for this long; at most this many posts a person
# writes within the rate window; the chat webhook's time limit in seconds.
SPACE_EDIT_WINDOW_MINUTES = 30
SPACE_POSTS_PER_WINDOW = 10
SPACE_RATE_WINDOW_MINUTES = 10
SPACE_WEBHOOK_TIMEOUT = 5
# Whether the webhook may post to private or loopback addresses (tests' local server only).
SPACE_WEBHOOK_PRIVATE_ADDRESSES = False
INVITATION_EXPIRY_DAYS = 14
# An activity nudge waits until this many days after the mentor's first sign-in.
ACTIVITY_NUDGE_GRACE_DAYS = env_int("ACTIVITY_NUDGE_GRACE_DAYS", 14)
SURVEY_ANONYMITY_THRESHOLD = 5
CONTACT_SUMMARY_RETENTION_YEARS = env_int("CONTACT_SUMMARY_RETENTION_YEARS", 5)
# Public event participants' names and addresses are kept this long after the event (the
# grant's evidence), then blanked (events.public.apply_retention).
EVENT_PARTICIPANT_RETENTION_YEARS = env_int("EVENT_PARTICIPANT_RETENTION_YEARS", 5)
# The yearly mentor training hours a coordinator expects, unless set for a year in the portal.
MENTOR_TRAINING_HOURS_TARGET = env_int("MENTOR_TRAINING_HOURS_TARGET", 8)
# A teacher student's name (optional) and feedback texts are blanked this long after the
# group's term ended; the pseudonymous reference and the counts stay for the figures.
TEACHER_STUDENT_RETENTION_YEARS = env_int("TEACHER_STUDENT_RETENTION_YEARS", 2)
FILTERS_EMPTY_CHOICE_LABEL = _("Any")
# Downloads made in the background (leadvet.lib.jobs): an export of at most this many rows (a
# page) is made in the request; a bigger one, and every PDF, by a worker, whose file is kept
# this many days; a job may run this many seconds.
DOWNLOAD_DIRECT_ROWS = 25
DOWNLOAD_RETENTION_DAYS = env_int("DOWNLOAD_RETENTION_DAYS", 7)
JOB_TIME_LIMIT = env_int("JOB_TIME_LIMIT", 15 * 60)

# Named on the privacy notice and the accessibility statement (their default texts).
LEGAL_ORGANISATION = env_str("LEGAL_ORGANISATION", "Haaga-Helia University of Applied Sciences")
PRIVACY_CONTACT_EMAIL = env_str("PRIVACY_CONTACT_EMAIL", "privacy@leadvet.example.org")
ACCESSIBILITY_CONTACT_EMAIL = env_str(
    "ACCESSIBILITY_CONTACT_EMAIL", "accessibility@leadvet.example.org"
)
CSRF_FAILURE_VIEW = "portal.legal_views.csrf_failure"
