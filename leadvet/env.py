"""Reading configuration from the environment.

Every helper refuses a malformed value with ImproperlyConfigured naming the
variable, so a bad deployment stops at start-up with one clear line.
"""

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_config(name: str, default: str) -> dict:
    import dj_database_url

    url = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several kinds for bad URLs
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"{name} names an unsupported database: {url!r}")
    if config["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's JIT compiles a large query's plan before running it: for the reports'
        # grouped reads of the rollups it spent seconds compiling what runs in a fraction of
        # one (docs/architecture.md, "Contact rollups"). Options the URL gives
        # (`?options=...`) come first.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


BROKER_SCHEMES = {"redis", "rediss", "filesystem", "memory", "amqp", "pyamqp"}


def broker_url(names: tuple[str, ...], default: str) -> str:
    for name in names:
        url = os.environ.get(name)
        if url:
            scheme = urlsplit(url).scheme
            if scheme not in BROKER_SCHEMES:
                raise ImproperlyConfigured(
                    f"{name} must be a redis://, amqp:// or filesystem:// URL, got {url!r}"
                )
            return url
    return default


def mailer_config(name: str, default: str) -> dict:
    """Turn EMAIL_URL into one entry of Django 6.1's MAILERS setting.

    smtp://user:pass@host:587 (smtp+tls://, smtp+ssl://), console://,
    file:///path/to/dir, locmem://, dummy://.
    """
    url = os.environ.get(name) or default
    parts = urlsplit(url)
    scheme = parts.scheme
    options: dict = {}
    if scheme in {"smtp", "smtp+tls", "smtp+ssl"}:
        backend = "django.core.mail.backends.smtp.EmailBackend"
        if not parts.hostname:
            raise ImproperlyConfigured(f"{name} needs a host, e.g. smtp://mail.example.org:587")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"{name} has an invalid port: {url!r}") from None
        options = {"host": parts.hostname, "port": port or (465 if scheme == "smtp+ssl" else 587)}
        if parts.username:
            options["username"] = unquote(parts.username)
            options["password"] = unquote(parts.password or "")
        options["use_tls"] = scheme == "smtp+tls"
        options["use_ssl"] = scheme == "smtp+ssl"
        query = parse_qs(parts.query)
        if "timeout" in query:
            options["timeout"] = int(query["timeout"][0])
    elif scheme == "console":
        backend = "django.core.mail.backends.console.EmailBackend"
    elif scheme == "file":
        backend = "django.core.mail.backends.filebased.EmailBackend"
        if not parts.path:
            raise ImproperlyConfigured(f"{name} needs a folder, e.g. file:///tmp/mail")
        options = {"file_path": parts.path}
    elif scheme == "locmem":
        backend = "django.core.mail.backends.locmem.EmailBackend"
    elif scheme == "dummy":
        backend = "django.core.mail.backends.dummy.EmailBackend"
    else:
        raise ImproperlyConfigured(
            f"{name} must start with smtp://, smtp+tls://, smtp+ssl://, console://, file://, "
            f"locmem:// or dummy://, got {url!r}"
        )
    return {"BACKEND": backend, "OPTIONS": options}
