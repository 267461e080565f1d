"""Identity providers for the single sign-on tests.

`NodeProvider`: the certified `oidc-provider` npm package run by tests/oidc/provider.mjs
on a loopback port, with the users the test defines (test data). `sign_in_at_provider`
completes its sign-in form over HTTP, as a browser would, for tests that drive sendplan
with Django's test client.

`ForgingProvider`: a few lines of HTTP server in this process that publishes a key set
and answers the token endpoint with an ID token the test forged (expired, for another
audience, `alg: none`...): the bad cases a certified provider cannot be made to produce.
"""

import base64
import json
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

SCRIPT = Path(__file__).parent / "oidc" / "provider.mjs"
ROOT = Path(__file__).resolve().parent.parent
CLIENT_ID = "sendplan-tests"
CLIENT_SECRET = "tests-only-not-a-secret"


class NodeProvider:
    """tests/oidc/provider.mjs, started with `users`, allowing `redirect_uris`."""

    def __init__(
        self,
        *,
        users,
        redirect_uris,
        post_logout_redirect_uris=(),
        id_token_ttl=3600,
        claims_only_at_userinfo=False,
    ):
        config = {
            "claims_only_at_userinfo": claims_only_at_userinfo,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": list(redirect_uris),
            "post_logout_redirect_uris": list(post_logout_redirect_uris),
            "id_token_ttl": id_token_ttl,
            "users": users,
        }
        self._config = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)  # noqa: SIM115
        json.dump(config, self._config)
        self._config.close()
        self._log = tempfile.TemporaryFile("w+")  # noqa: SIM115
        self.process = subprocess.Popen(
            ["node", str(SCRIPT), self._config.name],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        line = self.process.stdout.readline()
        if not line.startswith("ready "):
            self.process.wait(timeout=5)
            self._log.seek(0)
            errors = self._log.read()[-2000:]
            self.stop()
            raise RuntimeError(
                "the test identity provider did not start (is oidc-provider installed? "
                f"bin/setup installs it): {line!r}\n{errors}"
            )
        self.issuer = line.split()[1]
        self.discovery_url = f"{self.issuer}/.well-known/openid-configuration"

    def set_users(self, users):
        """Replace the provider's users, as its IT team would between two sign-ins."""
        requests.post(f"{self.issuer}/test/users", json=users, timeout=5).raise_for_status()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=5)
        self._log.close()
        Path(self._config.name).unlink(missing_ok=True)


def sign_in_at_provider(authorize_url, *, login, password, stop_at):
    """Follow `authorize_url` and fill in the provider's form; the URL it sends back to.

    Stops at the first redirect to an address starting `stop_at` (sendplan's callback)
    and returns it, unfollowed. Returns the response instead if the provider refuses.
    """
    session = requests.Session()
    response = session.get(authorize_url, timeout=5)
    action = urljoin(response.url, _form_action(response.text))
    response = session.post(
        action, data={"login": login, "password": password}, allow_redirects=False, timeout=5
    )
    for _ in range(10):
        location = response.headers.get("location")
        if not location:
            return response
        location = urljoin(response.url, location)
        if location.startswith(stop_at):
            return location
        response = session.get(location, allow_redirects=False, timeout=5)
    raise AssertionError("too many redirects at the provider")


def _form_action(html):
    start = html.index('action="') + len('action="')
    return html[start : html.index('"', start)]


def query_of(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


# --- Forged ID tokens --------------------------------------------------------------------


def _b64(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


class ForgingProvider:
    """A provider that answers the token endpoint with whatever ID token the test set."""

    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "forging-key", "use": "sig"})
        self.id_token = None
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.discovery_url = f"{self.issuer}/.well-known/openid-configuration"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def claims(self, *, nonce, audience=CLIENT_ID, expires_in=600, **extra):
        now = int(time.time())
        return {
            "iss": self.issuer,
            "sub": "forged-subject",
            "aud": audience,
            "iat": now - 5,
            "exp": now + expires_in,
            "nonce": nonce,
            "email": "forged@council.test",
            "email_verified": True,
            **extra,
        }

    def signed(self, claims, alg="RS256"):
        return jwt.encode({"alg": alg, "kid": "forging-key"}, claims, self.key)

    @staticmethod
    def signed_by_stranger(claims):
        """Signed with a key the provider never published, under the provider's key id."""
        stranger = RSAKey.generate_key(2048, parameters={"kid": "forging-key"})
        return jwt.encode({"alg": "RS256", "kid": "forging-key"}, claims, stranger)

    @staticmethod
    def hmac_signed(claims, secret):
        """HS256 with the client secret: valid OIDC elsewhere, refused by sendplan."""
        return jwt.encode({"alg": "HS256"}, claims, OctKey.import_key(secret))

    @staticmethod
    def alg_none(claims):
        return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."

    @staticmethod
    def unsigned(claims):
        """Claims under a header that names RS256 and kid, with no signature at all."""
        return f"{_b64({'alg': 'RS256', 'kid': 'forging-key'})}.{_b64(claims)}."

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, data):
                body = json.dumps(data).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path == "/jwks":
                    return self._json({"keys": [provider.key.as_dict(private=False)]})
                return self._json(
                    {
                        "issuer": provider.issuer,
                        "authorization_endpoint": f"{provider.issuer}/auth",
                        "token_endpoint": f"{provider.issuer}/token",
                        "jwks_uri": f"{provider.issuer}/jwks",
                        "id_token_signing_alg_values_supported": ["RS256", "none"],
                    }
                )

            def do_POST(self):
                self.rfile.read(int(self.headers.get("content-length") or 0))
                return self._json(
                    {
                        "access_token": "forged",
                        "token_type": "Bearer",
                        "id_token": provider.id_token,
                    }
                )

        return Handler

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
