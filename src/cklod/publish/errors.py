"""Why a publish stopped, each as one line a person can act on."""

from __future__ import annotations


class PublishError(Exception):
    """Base class: the message is one line and never holds a credential."""


class BadBuild(PublishError):
    """The output folder is not a cklod build that can be published."""


class BadOptions(PublishError):
    """The endpoints or credentials given do not make a usable target."""


class StoreUnreachable(PublishError):
    """The store did not answer, or kept answering 502/503/504, through every retry."""


class AuthFailed(PublishError):
    """The store answered 401 or 403."""


class NotAStore(PublishError):
    """The server at an endpoint does not speak the protocol we expected there."""


class BadAnswer(NotAStore):
    """The store answered 2xx with something that is not what the protocol promises (HTML instead of SPARQL
    JSON, results of the wrong shape, a count that is not a number)."""


class StoreRefused(PublishError):
    """The store understood the request and rejected it (any other 4xx/5xx)."""


class NoGraphStore(NotAStore):
    """A Graph Store Protocol write was answered as if the endpoint did not exist; SPARQL Update may still work."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status
