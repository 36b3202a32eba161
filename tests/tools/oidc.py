"""Start tests/tools/oidc_provider.mjs (node's oidc-provider) and sign in at it over HTTP."""

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import requests

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
ROOT = SCRIPT.parents[2]


class OidcProvider:
    """A real OpenID Connect provider on a free port of 127.0.0.1, for one test module.

    `accounts` are the provider's users: {"sub", "email", "email_verified", ...}; a user
    signs in on its login page by typing their `sub`.
    """

    def __init__(self, *, client_id: str, client_secret: str, redirect_uris, accounts):
        self.client_id = client_id
        self.client_secret = client_secret
        self.options = {
            "client": {
                "client_id": client_id,
                "client_secret": client_secret,
                "redirect_uris": list(redirect_uris),
            },
            "accounts": list(accounts),
        }
        self.process = None
        self.issuer = ""

    def __enter__(self):
        if not (ROOT / "node_modules" / "oidc-provider").exists():
            raise RuntimeError(
                "node_modules/oidc-provider is missing: run `npm ci` (make test does)"
            )
        self.process = subprocess.Popen(
            ["node", str(SCRIPT), json.dumps(self.options)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        line = self.process.stdout.readline().strip()
        if not line.startswith("ready "):
            self.process.kill()
            raise RuntimeError(f"the OpenID Connect provider did not start: {line!r}")
        self.issuer = line.removeprefix("ready ")
        return self

    def __exit__(self, *exc):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def sso_entry(self, provider_id: str, name: str, **extra) -> dict:
        """This provider as an entry of SSO_PROVIDERS."""
        return {
            "protocol": "oidc",
            "id": provider_id,
            "name": name,
            "server_url": self.issuer,
            "client_id": self.client_id,
            "secret": self.client_secret,
            **extra,
        }

    def sign_in(self, authorization_url: str, username: str) -> str:
        """Follow the provider's redirects from `authorization_url`, sign in as `username` on
        its login page, and return the URL it sends the browser back to the portal with."""
        session = requests.Session()
        response = session.get(authorization_url, allow_redirects=False, timeout=10)
        for _ in range(10):
            if response.is_redirect:
                location = urljoin(response.url, response.headers["Location"])
                if not location.startswith(self.issuer):
                    return location
                response = session.get(location, allow_redirects=False, timeout=10)
                continue
            action = re.search(r'<form method="post" action="([^"]+)"', response.text)
            if response.status_code != 200 or action is None:
                raise AssertionError(f"unexpected page at the provider: {response.text[:300]}")
            response = session.post(
                urljoin(response.url, action.group(1)),
                data={"login": username},
                allow_redirects=False,
                timeout=10,
            )
        raise AssertionError("the provider never sent the browser back to the portal")
