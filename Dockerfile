# The LeadVET portal: gunicorn (web), Celery worker and beat all run this image.
# BASE_IMAGE: any Debian-like image with Python >= 3.12, or a bare Debian root file system
# (e.g. made with debootstrap and `docker import`) on a machine without a registry: Python
# is then installed from the base's own package sources.
ARG BASE_IMAGE=python:3.13-slim
FROM ${BASE_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 \
    && if ! python3 -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
         apt-get install -y --no-install-recommends python3 python3-venv; fi \
    && rm -rf /var/lib/apt/lists/* \
    && python3 -m venv /opt/venv \
    && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home leadvet
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
COPY pyproject.toml README.md ./
# The dependencies first (a layer that survives code changes), then the project itself.
RUN pip install --no-cache-dir --upgrade pip \
    && python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt
COPY . .
RUN pip install --no-cache-dir --no-deps . \
    && python manage.py compilemessages --ignore=.venv \
    && DEBUG=false SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    # What the processes write, owned by the unprivileged user (named volumes mounted here
    # start as copies of these folders, ownership included).
    && mkdir -p var/media var/beat var/mail \
    && chown -R leadvet:leadvet var
USER leadvet
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD ["python", "deploy/healthcheck.py"]
CMD ["gunicorn", "leadvet.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
