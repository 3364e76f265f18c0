"""What the engine raises when a shapes graph asks for something it does not evaluate."""

from __future__ import annotations


class Unsupported(Exception):
    """The shapes graph uses a feature this engine does not implement (the caller falls back to pyshacl)."""

    def __init__(self, shape: str, feature: str):
        self.shape = shape
        self.feature = feature
        super().__init__(
            f"shape {shape or '(anonymous)'} uses {feature}, which the cklod SHACL engine does not do"
        )
