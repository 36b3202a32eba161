"""A SAML2 identity provider for the single sign-on tests: pysaml2's IdP in a thread.

It serves HTTP on a free port of 127.0.0.1 with a key and certificate of its own, takes an
AuthnRequest by the HTTP-Redirect binding, shows a login page, and answers with a signed
assertion by the HTTP-POST binding, releasing the attributes HAKA and MPASSid release
(mail, givenName, sn, eduPersonPrincipalName) under their urn:oid names.
"""

import datetime
import html
import re
import secrets
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import parse_qs, urljoin
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, saml
from saml2.config import IdPConfig
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

XMLSEC1 = shutil.which("xmlsec1") or "/usr/bin/xmlsec1"


def key_and_certificate(common_name: str) -> tuple[str, str]:
    """A fresh RSA key and a self-signed certificate for it, both PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=365 * 30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM).decode()


def certificate_body(pem: str) -> str:
    """The base64 body of a PEM certificate, as SAML metadata and allauth's settings hold it."""
    return "".join(line for line in pem.splitlines() if "-----" not in line)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


class SamlIdp:
    """pysaml2's IdP, serving for one test module. `users`: login name → attributes."""

    def __init__(self, *, users: dict[str, dict[str, str]]):
        self.users = users
        self.pending: dict[str, object] = {}
        self.folder = Path(tempfile.mkdtemp(prefix="saml-idp-"))
        self.key_pem, self.certificate_pem = key_and_certificate("LeadVET test IdP")
        self.httpd: WSGIServer | None = None

    def __enter__(self):
        (self.folder / "idp.key").write_text(self.key_pem)
        (self.folder / "idp.crt").write_text(self.certificate_pem)
        self.httpd = make_server("127.0.0.1", 0, self.app, handler_class=_QuietHandler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.entity_id = f"{self.base_url}/idp"
        self.sso_url = f"{self.base_url}/sso/redirect"
        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "service": {
                    "idp": {
                        "endpoints": {
                            "single_sign_on_service": [(self.sso_url, BINDING_HTTP_REDIRECT)]
                        },
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": 5},
                                "attribute_restrictions": None,
                                "name_form": NAME_FORMAT_URI,
                            }
                        },
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                        "want_authn_requests_signed": False,
                        "sign_assertion": True,
                        "sign_response": False,
                    }
                },
                "key_file": str(self.folder / "idp.key"),
                "cert_file": str(self.folder / "idp.crt"),
                "xmlsec_binary": XMLSEC1,
                "metadata": {},
            }
        )
        self.server = Server(config=config)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def trust_service_provider(self, metadata_xml: str) -> None:
        """Load a service provider's metadata (its entity id and assertion consumer URL)."""
        self.server.metadata.load("inline", metadata_xml)

    def sso_entry(self, provider_id: str, name: str, **extra) -> dict:
        """This IdP as an entry of SSO_PROVIDERS."""
        return {
            "protocol": "saml",
            "id": provider_id,
            "name": name,
            "idp": {
                "entity_id": self.entity_id,
                "sso_url": self.sso_url,
                "x509cert": certificate_body(self.certificate_pem),
            },
            "trust_email": True,
            **extra,
        }

    # The IdP's pages.
    def app(self, environ, start_response):
        path = environ["PATH_INFO"]
        if path == "/sso/redirect" and environ["REQUEST_METHOD"] == "GET":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            request = self.server.parse_authn_request(
                query["SAMLRequest"][0], BINDING_HTTP_REDIRECT
            )
            key = secrets.token_urlsafe(16)
            self.pending[key] = (request.message, query.get("RelayState", [""])[0])
            return self._page(start_response, self._login_form(key))
        if path == "/login" and environ["REQUEST_METHOD"] == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qs(environ["wsgi.input"].read(length).decode())
            key, login = form.get("key", [""])[0], form.get("login", [""])[0]
            if key not in self.pending:
                return self._page(start_response, "<p>Unknown request.</p>", "400 Bad Request")
            if login not in self.users:
                return self._page(start_response, self._login_form(key, "Unknown user name."))
            request, relay_state = self.pending.pop(key)
            return self._page(start_response, self._response_form(request, relay_state, login))
        return self._page(start_response, "<p>Not found.</p>", "404 Not Found")

    def _page(self, start_response, body: str, status: str = "200 OK"):
        document = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>Test SAML IdP</title></head><body><main>{body}</main></body></html>"
        )
        start_response(status, [("Content-Type", "text/html; charset=utf-8")])
        return [document.encode()]

    def _login_form(self, key: str, message: str = "") -> str:
        alert = f'<p role="alert">{html.escape(message)}</p>' if message else ""
        return (
            f"<h1>Test SAML IdP</h1>{alert}"
            '<form method="post" action="/login">'
            f'<input type="hidden" name="key" value="{html.escape(key)}">'
            '<label for="login">Username</label> <input id="login" name="login" required> '
            '<button type="submit">Sign in</button></form>'
        )

    def _response_form(self, request, relay_state: str, login: str) -> str:
        attributes = self.users[login]
        destination = request.assertion_consumer_service_url
        response = self.server.create_authn_response(
            identity={name: [value] for name, value in attributes.items()},
            in_response_to=request.id,
            destination=destination,
            sp_entity_id=request.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=f"persistent-{login}"),
            authn={"class_ref": saml.AUTHN_PASSWORD_PROTECTED},
            sign_assertion=True,
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
        )
        binding = self.server.apply_binding(
            BINDING_HTTP_POST, str(response), destination, relay_state, response=True
        )
        # pysaml2 writes an HTML form; a browser posts it on at once, as a real IdP's page does.
        form = re.search(r"<form.*</form>", binding["data"], re.S).group(0)
        return f"{form}<script>document.forms[0].submit();</script>"

    # For tests that drive the portal with Django's test client.
    def sign_in(self, authn_request_url: str, username: str) -> dict:
        """Take the portal's redirect to the IdP, sign in as `username`, and return what the
        browser would post back: {"action", "SAMLResponse", "RelayState"}."""
        session = requests.Session()
        page = session.get(authn_request_url, timeout=10)
        key = re.search(r'name="key" value="([^"]+)"', page.text).group(1)
        answer = session.post(
            urljoin(page.url, "/login"), data={"key": key, "login": username}, timeout=10
        )
        fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', answer.text))
        action = re.search(r'action="([^"]+)"', answer.text).group(1)
        return {
            "action": html.unescape(action),
            "SAMLResponse": html.unescape(fields["SAMLResponse"]),
            "RelayState": html.unescape(fields.get("RelayState", "")),
        }
