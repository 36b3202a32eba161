"""The container's health check: GET /healthz on the local gunicorn as the proxy would send it.

It asks for the first of ALLOWED_HOSTS (so Django does not refuse the Host header) and says
the request came over https (so SECURE_SSL_REDIRECT does not answer with a redirect).
Exit status 0 when the portal answers 200.
"""

import os
import sys
import urllib.request

host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".")
if host in ("", "*"):
    host = "localhost"
port = os.environ.get("PORT", "8000")
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"}
)
try:
    with urllib.request.urlopen(request, timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception as error:  # any failure is "unhealthy"; Docker shows the message
    sys.exit(f"unhealthy: {error}")
