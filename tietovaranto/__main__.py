"""The `tietovaranto` console script: the project's manage.py."""

import gc
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tietovaranto.config.settings")
    from django.core.management import execute_from_command_line

    if sys.argv[1:2] != ["runserver"]:  # whose reloader must survive a broken import itself
        _set_up_uncollected()
    execute_from_command_line(sys.argv)
    # the process ends: the interpreter need not scan for cycles a heap it is about to free (a tenth
    # of a short command's time)
    gc.freeze()


def _set_up_uncollected() -> None:
    """Django's set-up with the cyclic garbage collector off, its objects then kept out of every later
    collection: start-up builds tens of thousands of long-lived objects, and collecting them over and
    over was a third of it. Django's own set-up, run again by the command, finds this done."""
    import django

    gc.disable()
    try:
        django.setup()
    finally:
        gc.freeze()
        gc.enable()


if __name__ == "__main__":
    main()
