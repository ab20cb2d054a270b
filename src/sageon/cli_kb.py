"""Placeholder: commands are added by their module owner."""


def register(app) -> None:
    pass
