"""Command groups of the CLI, one module per area. Keep heavy imports inside the command functions so that
``cklod query`` starts fast."""
