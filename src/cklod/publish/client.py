"""HTTP to a triple store: credentials from the environment, bounded retries on transient failures, every answer
checked for shape before use, and every failure turned into one line that names the endpoint and never the
secret."""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from cklod.publish.errors import (
    AuthFailed,
    BadAnswer,
    BadOptions,
    NotAStore,
    StoreRefused,
    StoreUnreachable,
)
from cklod.rdf import media

USER_VAR, PASSWORD_VAR, TOKEN_VAR = "CKLOD_STORE_USER", "CKLOD_STORE_PASSWORD", "CKLOD_STORE_TOKEN"
# Gateways and overloaded stores answer these while the store itself may be fine a moment later.
TRANSIENT_STATUS = frozenset({429, 502, 503, 504})
# Virtuoso says so when it cut a result at its ResultSetMaxRows; other stores never cut silently.
MAX_ROWS_HEADER = "x-sparql-maxrows"


class BearerAuth(httpx.Auth):
    def __init__(self, token: str):
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request


class PasswordAuth(httpx.Auth):
    """A user and password, in the scheme the store's challenge asks for: the first request goes without
    credentials, and its 401 says Basic or Digest (Virtuoso's -auth endpoints answer a Basic attempt with a
    bare 401, so the scheme cannot be guessed). The scheme, and the digest state, are kept for later requests."""

    def __init__(self, user: str, password: str):
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._scheme: str | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        if response.headers.get("www-authenticate", "").lower().startswith("digest"):
            self._scheme = "digest"
            digest = self._digest.auth_flow(request)
            next(digest)  # the request as it was: its 401 is the answer we already have
            try:
                response = yield digest.send(response)
                digest.send(response)
            except StopIteration:
                pass
        else:
            self._scheme = "basic"
            yield from self._basic.auth_flow(request)


@dataclass(frozen=True)
class Credentials:
    """How to authenticate, and which secrets must never reach a message."""

    auth: httpx.Auth | None
    secrets: tuple[str, ...]  # the password or token; a user name alone opens nothing
    source: str  # the variable names, for messages

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, auth: httpx.Auth | None = None
    ) -> Credentials:
        """Credentials from CKLOD_STORE_*; ``auth`` is the hook for schemes that sign each request instead
        (AWS SigV4 for Neptune: any ``httpx.Auth``, used as it is and never combined with the variables)."""
        env = os.environ if environ is None else environ
        if auth is not None:
            if any(env.get(var) for var in (USER_VAR, PASSWORD_VAR, TOKEN_VAR)):
                raise BadOptions(f"an auth hook was given: unset {USER_VAR}, {PASSWORD_VAR} and {TOKEN_VAR}")
            return cls(auth, (), type(auth).__name__)
        user, password, token = env.get(USER_VAR), env.get(PASSWORD_VAR), env.get(TOKEN_VAR)
        if token and (user or password):
            raise BadOptions(f"set either {TOKEN_VAR} or {USER_VAR}/{PASSWORD_VAR}, not both")
        if token:
            return cls(BearerAuth(token), (token,), TOKEN_VAR)
        if bool(user) != bool(password):
            raise BadOptions(f"basic auth needs both {USER_VAR} and {PASSWORD_VAR}")
        if user and password:
            return cls(PasswordAuth(user, password), (password,), f"{USER_VAR}/{PASSWORD_VAR}")
        return cls(None, (), "")


def checked_url(url: str, option: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadOptions(f"{option} {url!r} is not an http(s) URL")
    if parts.username or parts.password:
        raise BadOptions(f"{option} holds credentials; put them in {USER_VAR}/{PASSWORD_VAR} or {TOKEN_VAR}")
    return url


def _conflict(response: httpx.Response) -> bool:
    """A transaction the store aborted because writes ran into each other (SQLSTATE 40001, serialization
    failure or deadlock: Virtuoso under concurrent uploads); the store asks for the same request again."""
    return response.status_code == 500 and bool(
        re.search(r"\b40001\b|deadlock", response.text, re.IGNORECASE)
    )


def _transport_failure(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.ConnectError):
        return "connection refused or host unreachable"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    return f"connection broken ({type(exc).__name__})"


@dataclass
class Answer:
    """A SELECT's rows (variable → lexical value) and, when the store says it cut the result, its row cap."""

    rows: list[dict[str, str]]
    capped_at: int | None = None
    endpoint: str = field(default="", repr=False)

    def integer(self, row: dict[str, str], name: str) -> int:
        """A count or number in a row; a store that answers anything else is answering nonsense."""
        value = row.get(name)
        try:
            return int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise BadAnswer(f"{self.endpoint} answered {name} = {value!r}, not a number") from None


def _excerpt(response: httpx.Response) -> str:
    text = " ".join(response.text.split())
    return repr(text[:80] + ("…" if len(text) > 80 else ""))


def _bindings(payload: object) -> list[dict[str, str]] | None:
    """The rows of SPARQL 1.1 JSON results, or None if the payload does not have that shape."""
    if not isinstance(payload, dict):
        return None
    head, results = payload.get("head"), payload.get("results")
    if not isinstance(head, dict) or not isinstance(results, dict):
        return None
    bindings = results.get("bindings")
    if not isinstance(bindings, list):
        return None
    rows = []
    for row in bindings:
        if not isinstance(row, dict):
            return None
        values = {}
        for name, term in row.items():
            if not isinstance(term, dict) or not isinstance(term.get("value"), str):
                return None
            values[name] = term["value"]
        rows.append(values)
    return rows


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
        self._http = httpx.Client(
            auth=credentials.auth,
            timeout=timeout,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=32, max_keepalive_connections=32),
        )
        self._lock = threading.Lock()  # uploads run on several threads; the counters are shared
        self.requests = 0
        self.retried = 0
        self.caps: dict[str, int] = {}  # endpoint → the row cap it cut a result at

    def note_cap(self, endpoint: str, rows: int) -> None:
        self.caps[endpoint] = rows

    def __enter__(self) -> StoreClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def redact(self, text: str) -> str:
        for secret in self.credentials.secrets:
            text = text.replace(secret, "***")
        return text

    def send(
        self, method: str, url: str, what: str, *, retries: int | None = None, **kwargs: object
    ) -> httpx.Response:
        """Send with exponential backoff on transport errors and 429/502/503/504 (``retries`` times, default
        the client's); raise on a redirect, 401 or 403; return any other answer for the caller to judge.
        ``kwargs`` go to httpx (a ``timeout`` of its own, say)."""
        attempts = (self.retries if retries is None else max(0, retries)) + 1
        for attempt in range(attempts):
            with self._lock:
                self.requests += 1
            try:
                response = self._http.request(method, url, **kwargs)
            except httpx.TransportError as exc:
                failure = _transport_failure(exc)
            else:
                if response.status_code not in TRANSIENT_STATUS and not _conflict(response):
                    self._check_answer(response, what, url)
                    return response
                failure = f"HTTP {response.status_code}" + (
                    ", a write conflict (SQLSTATE 40001)" if _conflict(response) else ""
                )
            if attempt + 1 < attempts:
                with self._lock:
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
        # Stores explain errors in HTML pages too (Virtuoso): the text without tags, on one line.
        detail = " ".join(re.sub(r"<[^>]*>", " ", response.text).split())[:300] or response.reason_phrase
        return StoreRefused(
            self.redact(f"{what} at {response.request.url}: HTTP {response.status_code}: {detail}")
        )

    def select(self, endpoint: str, query: str) -> Answer:
        """Run a SELECT through the SPARQL 1.1 Protocol, form-encoded (every store takes that; Virtuoso never
        answers a query POSTed as application/sparql-query), and check the answer's shape."""
        what = "SPARQL query"
        response = self.send(
            "POST", endpoint, what, data={"query": query}, headers={"Accept": media.SPARQL_JSON}
        )
        if response.status_code in (404, 405, 415):
            raise NotAStore(f"no SPARQL query endpoint at {endpoint} (HTTP {response.status_code})")
        if response.status_code >= 400:
            raise self.refused(response, what)
        kind = response.headers.get("content-type", "no content type").split(";")[0].strip()
        try:
            rows = _bindings(response.json())
        except ValueError:
            raise BadAnswer(
                f"{endpoint} did not answer with SPARQL JSON results (got {kind}: {_excerpt(response)})"
            ) from None
        if rows is None:
            raise BadAnswer(
                f"{endpoint} answered JSON that is not SPARQL results (no head/results/bindings of terms: "
                f"{_excerpt(response)})"
            )
        cap = response.headers.get(MAX_ROWS_HEADER, "")
        return Answer(rows, int(cap) if cap.isdigit() else None, endpoint)

    def update(self, endpoint: str, update: str, what: str = "SPARQL update", **options: object) -> None:
        """Run a SPARQL 1.1 Update; ``options`` are send()'s (``retries``, ``timeout``)."""
        response = self.send(
            "POST",
            endpoint,
            what,
            content=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
            **options,
        )
        if response.status_code in (404, 405, 415):
            raise NotAStore(f"no SPARQL update endpoint at {endpoint} (HTTP {response.status_code})")
        if response.status_code >= 400:
            raise self.refused(response, what)
