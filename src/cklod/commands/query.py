"""cklod query commands (being written)."""

COMMANDS: list = []
