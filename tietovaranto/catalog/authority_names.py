"""Official names of Finnish authorities in the other national language and in English
(authority_names.tsv), for organisations created without them."""

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

AUTHORITY_NAMES_FILE = Path(__file__).with_name("authority_names.tsv")


class AuthorityNames(NamedTuple):
    fi: str
    sv: str
    en: str


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


@lru_cache(maxsize=1)
def _names_by_any_name() -> dict[str, AuthorityNames]:
    found: dict[str, AuthorityNames] = {}
    for line in AUTHORITY_NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fi, sv, en = (list(map(str.strip, line.split("\t"))) + ["", ""])[:3]
        names = AuthorityNames(fi, sv, en)
        for name in names:
            if name:
                found.setdefault(_key(name), names)
    return found


def known_names(name: str) -> AuthorityNames | None:
    """The authority's names, looked up by any of them ("Närpiön kaupunki" or "Närpes stad")."""
    return _names_by_any_name().get(_key(name))


def other_language_names(name: str) -> dict[str, str]:
    """name_sv and name_en for an organisation called `name`, where they differ from it; {} for an
    authority the list does not have."""
    names = known_names(name)
    if names is None:
        return {}
    found = {"name_sv": names.sv, "name_en": names.en}
    return {field: value for field, value in found.items() if value and value != name}
