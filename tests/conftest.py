"""Shared fixtures and the Hypothesis settings profiles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import otpmsg
from otpmsg._catalog import shipped_templates

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", deadline=None, max_examples=3000, suppress_health_check=list(HealthCheck)
)
# OTPMSG_HYPOTHESIS=thorough for a long search before a release; CI uses "ci".
settings.load_profile(
    os.environ.get("OTPMSG_HYPOTHESIS") or ("ci" if os.environ.get("CI") else "default")
)


@pytest.fixture(scope="session")
def renderer() -> otpmsg.Renderer:
    """One Renderer over the shipped templates, shared by the whole run."""
    return otpmsg.Renderer()


@pytest.fixture
def templates_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped templates, to break one rule at a time."""
    import shutil

    target = tmp_path / "templates"
    shutil.copytree(shipped_templates(), target)
    return target


def _keep(folder: Path, *locales: str) -> Path:
    """``folder`` with only ``locales``, and no approvals file."""
    import shutil

    from otpmsg._approvals import APPROVALS_FILE

    for path in folder.iterdir():
        if path.is_dir() and path.name not in locales:
            shutil.rmtree(path)
    (folder / APPROVALS_FILE).unlink(missing_ok=True)
    return folder


@pytest.fixture
def en_only(templates_copy: Path) -> Path:
    """The shipped operations and the ``en`` templates, unapproved."""
    return _keep(templates_copy, "en")


@pytest.fixture
def en_ar(templates_copy: Path) -> Path:
    """``en`` and ``ar`` (right-to-left), unapproved."""
    return _keep(templates_copy, "en", "ar")


@pytest.fixture
def en_de(templates_copy: Path) -> Path:
    """``en`` and ``de``, unapproved."""
    return _keep(templates_copy, "en", "de")
