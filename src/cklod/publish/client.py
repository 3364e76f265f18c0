"""HTTP to a triple store: credentials from the environment, bounded retries on transient failures, and every
failure turned into one line that names the endpoint and never the secret."""

from __future__ import annotations

import os
import time
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from cklod.publish.errors import AuthFailed, BadOptions, NotAStore, StoreRefused, StoreUnreachable
from cklod.rdf import media

USER_VAR, PASSWORD_VAR, TOKEN_VAR = "CKLOD_STORE_USER", "CKLOD_STORE_PASSWORD", "CKLOD_STORE_TOKEN"
# Gateways and overloaded stores answer these while the store itself may be fine a moment later.
TRANSIENT_STATUS = frozenset({429, 502, 503, 504})


class BearerAuth(httpx.Auth):
    def __init__(self, token: str):
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request


@dataclass(frozen=True)
class Credentials:
    """How to authenticate, and which secrets must never reach a message."""

    auth: httpx.Auth | None
    secrets: tuple[str, ...]  # the password or token; a user name alone opens nothing
    source: str  # the variable names, for messages

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Credentials:
        env = os.environ if environ is None else environ
        user, password, token = env.get(USER_VAR), env.get(PASSWORD_VAR), env.get(TOKEN_VAR)
        if token and (user or password):
            raise BadOptions(f"set either {TOKEN_VAR} or {USER_VAR}/{PASSWORD_VAR}, not both")
        if token:
            return cls(BearerAuth(token), (token,), TOKEN_VAR)
        if bool(user) != bool(password):
            raise BadOptions(f"basic auth needs both {USER_VAR} and {PASSWORD_VAR}")
        if user and password:
            return cls(httpx.BasicAuth(user, password), (password,), f"{USER_VAR}/{PASSWORD_VAR}")
        return cls(None, (), "")


def checked_url(url: str, option: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadOptions(f"{option} {url!r} is not an http(s) URL")
    if parts.username or parts.password:
        raise BadOptions(f"{option} holds credentials; put them in {USER_VAR}/{PASSWORD_VAR} or {TOKEN_VAR}")
    return url


def _transport_failure(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.ConnectError):
        return "connection refused or host unreachable"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    return f"connection broken ({type(exc).__name__})"


class StoreClient:
    """One HTTP client for every endpoint of a store. Every request publish sends is idempotent (PUT, DELETE,
    DROP+INSERT, SELECT), so retrying one whose answer was lost is safe."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        retries: int = 4,
        backoff: float = 0.5,
        timeout: float = 60.0,
    ):
        self.credentials = credentials
        self.retries, self.backoff = max(0, retries), backoff
        # Redirects are not followed: a PUT or POST would change method or lose its body on some, and the
        # credentials would go to whatever host the store points at.
        self._http = httpx.Client(auth=credentials.auth, timeout=timeout, follow_redirects=False)
        self.requests = 0
        self.retried = 0

    def __enter__(self) -> StoreClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def redact(self, text: str) -> str:
        for secret in self.credentials.secrets:
            text = text.replace(secret, "***")
        return text

    def send(self, method: str, url: str, what: str, **kwargs: object) -> httpx.Response:
        """Send with exponential backoff on transport errors and 429/502/503/504; raise on a redirect, 401 or
        403; return any other answer for the caller to judge."""
        attempts = self.retries + 1
        for attempt in range(attempts):
            self.requests += 1
            try:
                response = self._http.request(method, url, **kwargs)
            except httpx.TransportError as exc:
                failure = _transport_failure(exc)
            else:
                if response.status_code not in TRANSIENT_STATUS:
                    self._check_answer(response, what, url)
                    return response
                failure = f"HTTP {response.status_code}"
            if attempt + 1 < attempts:
                self.retried += 1
                time.sleep(self.backoff * 2**attempt)
        raise StoreUnreachable(self.redact(f"{what} at {url}: {failure} (gave up after {attempts} attempts)"))

    def _check_answer(self, response: httpx.Response, what: str, url: str) -> None:
        status = response.status_code
        if 300 <= status < 400:
            target = response.headers.get("location", "elsewhere")
            raise StoreRefused(
                self.redact(f"{what} at {url}: HTTP {status}, redirected to {target}; give that URL")
            )
        if status not in (401, 403):
            return
        if status == 403:
            raise AuthFailed(
                f"{what} at {url}: HTTP 403 forbidden; the credentials lack the right to do this"
            )
        if self.credentials.auth is None:
            raise AuthFailed(
                f"{what} at {url}: HTTP 401, the store wants credentials: set {USER_VAR} and {PASSWORD_VAR}, "
                f"or {TOKEN_VAR}"
            )
        raise AuthFailed(
            f"{what} at {url}: HTTP 401, the store refused the credentials in {self.credentials.source}"
        )

    def refused(self, response: httpx.Response, what: str) -> StoreRefused:
        detail = (
            response.text.strip().splitlines()[0][:200] if response.text.strip() else response.reason_phrase
        )
        return StoreRefused(
            self.redact(f"{what} at {response.request.url}: HTTP {response.status_code}: {detail}")
        )

    def select(self, endpoint: str, query: str) -> list[dict[str, str]]:
        """Run a SELECT through the SPARQL 1.1 Protocol; each row maps variable names to lexical values."""
        what = "SPARQL query"
        response = self.send(
            "POST",
            endpoint,
            what,
            content=query.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": media.SPARQL_JSON},
        )
        if response.status_code in (404, 405, 415):
            raise NotAStore(f"no SPARQL query endpoint at {endpoint} (HTTP {response.status_code})")
        if response.status_code >= 400:
            raise self.refused(response, what)
        try:
            rows = response.json()["results"]["bindings"]
        except (ValueError, KeyError, TypeError):
            kind = response.headers.get("content-type", "no content type")
            raise NotAStore(f"{endpoint} did not answer with SPARQL JSON results (got {kind})") from None
        return [{name: term["value"] for name, term in row.items()} for row in rows]

    def update(self, endpoint: str, update: str) -> None:
        what = "SPARQL update"
        response = self.send(
            "POST",
            endpoint,
            what,
            content=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
        )
        if response.status_code in (404, 405, 415):
            raise NotAStore(f"no SPARQL update endpoint at {endpoint} (HTTP {response.status_code})")
        if response.status_code >= 400:
            raise self.refused(response, what)
