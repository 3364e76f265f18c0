"""Publish a build into a triple store through the SPARQL 1.1 Graph Store Protocol (or SPARQL Update), safely:
unchanged graphs are left alone, each changed graph is replaced in one request, graphs of removed documents are
deleted, and a manifest graph in the store records what was published. See docs/publish.md."""

from cklod.publish.client import PASSWORD_VAR, TOKEN_VAR, USER_VAR
from cklod.publish.endpoints import Endpoints, resolve
from cklod.publish.errors import (
    AuthFailed,
    BadBuild,
    BadOptions,
    NotAStore,
    PublishError,
    StoreRefused,
    StoreUnreachable,
)
from cklod.publish.local import LocalBuild, load_build
from cklod.publish.plan import Action, GraphChange
from cklod.publish.report import PublishReport
from cklod.publish.run import publish

__all__ = [
    "PASSWORD_VAR",
    "TOKEN_VAR",
    "USER_VAR",
    "Action",
    "AuthFailed",
    "BadBuild",
    "BadOptions",
    "Endpoints",
    "GraphChange",
    "LocalBuild",
    "NotAStore",
    "PublishError",
    "PublishReport",
    "StoreRefused",
    "StoreUnreachable",
    "load_build",
    "publish",
    "resolve",
]
