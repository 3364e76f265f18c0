"""The draft of a document's mapping: rules of news English on spaCy's blank pipeline propose facts, each
marked `review: proposed` with the pattern that proposed it and a confidence (see docs/mapping-format.md).

Pure functions: text + publication date + registry -> draft text (cklod.draft.document). spaCy is imported
only when a draft is made (cklod.draft.text); cklod.draft.addition adds a document to a project.
"""

from __future__ import annotations

from cklod.draft.document import DraftResult, draft_document

__all__ = ["DraftResult", "draft_document"]
