"""Keep the requesters' private status links out of every log line."""

import logging
import re

# /requests/<token>/ (any language prefix): the token alone opens a requester's personal data
PRIVATE_LINK_RE = re.compile(r"(/requests/)[A-Za-z0-9_\-]{16,}")


def redact(text: str) -> str:
    return PRIVATE_LINK_RE.sub(r"\1[private]", text)


class PrivateLinkFilter(logging.Filter):
    """For Django's loggers (django.request logs the path of every 404 and 500)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
