"""Staff views reach data only through selectors (accounts.access, an app's selectors.py) and services.

A staff view module is any *views*.py under tietovaranto/ that is about staff: its name says
"staff", it lives in accounts/, or it uses log-in (login_required, staff_view, accounts.access).
In such a module, `.objects`, `.all_objects` (drafts too), `._default_manager`, `get_object_or_404(...)`
and `get_list_or_404(...)` fail this test: the query would not be limited to the user's organisations
and roles.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
FORBIDDEN_ATTRIBUTES = {
    "objects",
    "all_objects",
    "_default_manager",
    "_base_manager",
}  # all_objects: drafts too
FORBIDDEN_CALLS = {"get_object_or_404", "get_list_or_404"}
STAFF_MARKERS = ("login_required", "staff_view", "tietovaranto.accounts")


def is_staff_module(path: Path, source: str) -> bool:
    return "staff" in path.name or path.parent.name == "accounts" or any(m in source for m in STAFF_MARKERS)


def unscoped_lookups(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in FORBIDDEN_CALLS:
                found.append(f"line {node.lineno}: {name}()")
    return sorted(found, key=lambda item: int(item.split(":")[0].split()[1]))


def staff_view_modules() -> list[Path]:
    paths = sorted(p for p in PACKAGE.rglob("*views*.py") if "tests" not in p.parts)
    return [p for p in paths if is_staff_module(p, p.read_text())]


def test_staff_views_fetch_nothing_without_a_selector() -> None:
    modules = staff_view_modules()
    names = {str(p.relative_to(PACKAGE)) for p in modules}
    assert {"inforequests/staff_views.py", "accounts/views.py"} <= names  # the check sees them
    problems = {str(p.relative_to(PACKAGE)): unscoped_lookups(p.read_text()) for p in modules}
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_check_catches_each_unscoped_lookup() -> None:
    source = """
from django.shortcuts import get_object_or_404
def view(request, pk):
    a = InformationRequest.objects.get(pk=pk)
    b = get_object_or_404(Organisation, slug=pk)
    c = shortcuts.get_list_or_404(Membership)
    d = get_user_model()._default_manager.all()
    return access.request_for(request.user, pk)
"""
    assert unscoped_lookups(source) == [
        "line 4: .objects",
        "line 5: get_object_or_404()",
        "line 6: get_list_or_404()",
        "line 7: ._default_manager",
    ]
    assert is_staff_module(
        Path("catalog/editing_views.py"), "from django.contrib.auth.decorators import login_required"
    )
    assert not is_staff_module(Path("catalog/views.py"), "def front(request): ...")
