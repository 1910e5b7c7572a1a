"""gunicorn's access log without the requesters' private status links.

Used by tietovaranto/config/gunicorn.py (`gunicorn -c python:tietovaranto.config.gunicorn …`).
"""

from typing import Any

from gunicorn.glogging import Logger

from tietovaranto.core.logging import redact

# Access log atoms that can hold a path: request line, URL path, query string, referer
PATH_ATOMS = ("r", "U", "q", "f", "{raw_uri}e")


class PrivateLinkLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for key in PATH_ATOMS:
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms

    def error(self, msg: str, *args: Any, **kwargs: Any) -> None:
        super().error(redact(str(msg)), *args, **kwargs)
