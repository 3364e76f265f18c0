"""cklod serve commands (being written)."""

COMMANDS: list = []
