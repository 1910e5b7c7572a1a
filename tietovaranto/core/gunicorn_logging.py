"""gunicorn's access log without the requesters' private status links.

Used by tietovaranto/config/gunicorn.py (`gunicorn -c python:tietovaranto.config.gunicorn …`).
"""

from typing import Any

from gunicorn.glogging import Logger

from tietovaranto.core.logging import redact


class PrivateLinkLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        # Request line, path, query, referer and any header that may hold a link
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}

    def error(self, msg: str, *args: Any, **kwargs: Any) -> None:
        super().error(redact(str(msg)), *args, **kwargs)
