"""The dependency locks agree with pyproject.toml, and every module of the package imports on the lock."""

from __future__ import annotations

import importlib
import pkgutil
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

import clusterdesk

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.MULTILINE)


def _pins(lock: str) -> dict[str, Version]:
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    return {canonicalize_name(name): Version(version) for name, version in PIN.findall(text)}


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _unpinned(requirements: list[str], pins: dict[str, Version]) -> list[str]:
    problems = []
    for line in requirements:
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate({"python_version": "3.11"}):
            continue
        pinned = pins.get(canonicalize_name(req.name))
        if pinned is None:
            problems.append(f"{req.name}: in pyproject.toml but not in the lock")
        elif not req.specifier.contains(pinned, prereleases=True):
            problems.append(f"{req.name}: locked {pinned} does not satisfy {req.specifier}")
    return problems


def test_every_main_dependency_is_locked() -> None:
    problems = _unpinned(_project()["dependencies"], _pins("main.txt"))
    assert not problems, "run `bash scripts/lock.sh`: " + "; ".join(problems)


@pytest.mark.parametrize("extra", sorted(_project().get("optional-dependencies", {})))
def test_every_extra_is_locked(extra: str) -> None:
    lock = "dev.txt" if extra == "dev" else f"{extra}.txt"
    pins = _pins(lock)
    problems = _unpinned(_project()["dependencies"] + _project()["optional-dependencies"][extra], pins)
    assert not problems, "run `bash scripts/lock.sh`: " + "; ".join(problems)


def test_dev_lock_uses_the_main_pins() -> None:
    main, dev = _pins("main.txt"), _pins("dev.txt")
    differing = {name: (v, dev.get(name)) for name, v in main.items() if dev.get(name) != v}
    assert not differing, f"requirements/dev.txt must keep requirements/main.txt's pins: {differing}"


def test_every_lock_line_has_a_hash() -> None:
    for lock in sorted((ROOT / "requirements").glob("*.txt")):
        blocks = re.split(r"\n(?=[A-Za-z0-9])", lock.read_text(encoding="utf-8"))
        missing = [b.split()[0] for b in blocks if PIN.match(b) and "--hash=sha256:" not in b]
        assert not missing, f"{lock.name}: no hash for {missing}"


def _modules() -> list[str]:
    return sorted(
        m.name
        for m in pkgutil.walk_packages(clusterdesk.__path__, prefix="clusterdesk.")
        # Alembic's env script and revisions run only inside `alembic` (they need its migration context)
        if not m.name.startswith("clusterdesk.migrations.")
    )


def test_the_package_has_modules() -> None:
    assert len(_modules()) > 50


@pytest.mark.parametrize("module", _modules())
def test_module_imports(module: str) -> None:
    """A module that needs a library the lock does not install fails here, as it would on a fresh machine."""
    importlib.import_module(module)


def test_libraries_that_look_up_plugins_at_run_time_work() -> None:
    """pymorphy2 (in natasha) finds its dictionaries through pkg_resources; an import does not touch it."""
    from natasha import MorphVocab

    assert MorphVocab().parse("ТУСУРа")
