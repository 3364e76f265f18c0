"""cklod publish commands (being written)."""

COMMANDS: list = []
