"""SQL that only one database runs, for RunPython (a module starting with "_" is not a migration)."""

from collections.abc import Callable
from typing import Any


def run_on(vendor: str, statements: list[str]) -> Callable[[Any, Any], None]:
    """Runs `statements` on `vendor` ("sqlite", "postgresql"); nothing on the other database."""

    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == vendor:
            for statement in statements:
                schema_editor.execute(statement)

    return run
