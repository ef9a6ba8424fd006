"""The one documented exception tree (support/errors.py) stays complete and true to the exit codes.

Every exception class the framework defines is either in the tree (defined in support/errors.py
and drawn in its docstring), a documented internal signal, or private; a helper who adds an
exception elsewhere, or forgets to draw it, fails here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import support
import support.errors as errors
from data_factories import __path__ as factories_path
from support.run.exit_codes import ExitCode, exit_code_for

# AssertionErrors, drawn below the tree: behave counts them as test failures
OUTSIDE_THE_TREE = {"ExpectationFailed", "RequestsDidNotOverlap"}
INTERNAL_SIGNALS = {"TransientFailure", "Conflict", "CircuitOpen", "SignInRequired", "Forbidden", "CsrfRefused"}  # documented in support/errors.py's docstring


def framework_exceptions() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for package, prefix in ((support.__path__, "support."), (factories_path, "data_factories.")):
        for module in pkgutil.walk_packages(package, prefix):
            loaded = importlib.import_module(module.name)
            for name, obj in vars(loaded).items():
                if inspect.isclass(obj) and issubclass(obj, BaseException) and obj.__module__ == loaded.__name__:
                    found[f"{obj.__module__}.{name}"] = obj
    return found


def drawn_names() -> list[str]:
    tree = (errors.__doc__ or "").split("\n\n")[1]
    return re.findall(r"(?:^|[─ ])([A-Z]\w+)(?:\(\w+\))?\s{2,}", tree, flags=re.M)


@pytest.mark.req("ERR-001.2")
def test_every_public_exception_is_defined_in_the_tree() -> None:
    stray = [path for path, cls in framework_exceptions().items()
             if cls.__module__ != "support.errors" and not cls.__name__.startswith("_")
             and cls.__name__ not in OUTSIDE_THE_TREE | INTERNAL_SIGNALS]
    assert not stray, f"define these in support/errors.py (and draw them in its tree): {stray}"


def test_the_drawn_tree_and_the_classes_are_the_same() -> None:
    defined = {name for name, cls in vars(errors).items() if inspect.isclass(cls) and issubclass(cls, errors.JumpError)}
    drawn = set(drawn_names()) - OUTSIDE_THE_TREE
    assert drawn == defined, f"drawn only: {drawn - defined}; defined only: {defined - drawn}"
    for name in INTERNAL_SIGNALS | OUTSIDE_THE_TREE:
        assert name in (errors.__doc__ or "")


def test_the_drawn_parents_are_the_real_parents() -> None:
    stack: list[tuple[int, str]] = []
    for line in (errors.__doc__ or "").split("\n\n")[1].splitlines():
        match = re.match(r"^(\s*(?:[│ ]   )*)(?:[├└]── )?([A-Z]\w+)\s{2,}", line)
        if not match:
            continue
        depth, name = len(match.group(1)) // 4 + (1 if "──" in line else 0), match.group(2)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            assert getattr(errors, name).__bases__[0] is getattr(errors, stack[-1][1]), f"{name} is drawn under {stack[-1][1]}"
        stack.append((depth, name))


@pytest.mark.req("ERR-001.2")
def test_each_branch_has_its_documented_exit_code() -> None:
    assert exit_code_for(errors.ConfigError("x")) == ExitCode.USAGE
    assert exit_code_for(errors.FeatureFileError("x")) == ExitCode.USAGE
    assert exit_code_for(errors.UnknownTarget("x")) == ExitCode.USAGE
    assert exit_code_for(errors.PlatformUnreachable("rest", "http://x", "down")) == ExitCode.UNREACHABLE
    assert exit_code_for(errors.VaultUnreachable("x")) == ExitCode.UNREACHABLE
    assert exit_code_for(errors.StackError("x")) == ExitCode.UNREACHABLE
    assert exit_code_for(errors.WorkerStartupFailed("x", 2)) == ExitCode.USAGE
    assert exit_code_for(errors.ReportError("x")) == ExitCode.TEST_FAILURES
    assert exit_code_for(KeyError("a bug")) == ExitCode.TEST_FAILURES
