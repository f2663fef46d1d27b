import ast
import importlib
import pkgutil
import re
from pathlib import Path

import extractor
from extractor.lazyre import DEFINED, LazyPattern


def test_a_lazy_pattern_compiles_on_first_use_and_answers_as_the_compiled_pattern():
    lazy = LazyPattern(r"(?P<n>\d+) ?万元", re.M)
    assert "_compiled" not in vars(lazy)  # defining it compiled nothing
    compiled = re.compile(r"(?P<n>\d+) ?万元", re.M)
    text = "收入 12 万元\n支出 7万元"
    assert [m.group("n") for m in lazy.finditer(text)] == ["12", "7"]
    assert lazy.search(text).span() == compiled.search(text).span()
    assert lazy.sub("X", text) == compiled.sub("X", text)
    assert lazy.match(text) is None and lazy.fullmatch("3万元").group("n") == "3"
    assert lazy.groupindex == compiled.groupindex and lazy.groups == 1
    assert lazy.compile() is lazy.compile()  # compiled once


def test_every_pattern_of_the_package_compiles():
    # a mistyped pattern would otherwise fail only on the first document that needs it
    for module in pkgutil.walk_packages(extractor.__path__, "extractor."):
        importlib.import_module(module.name)
    assert len(DEFINED) > 200
    for lazy in DEFINED:
        lazy.compile()



def _compiles_outside_functions(node: ast.AST) -> list[int]:
    """Lines of `re.compile(...)` calls in `node` outside any function: run when the module is imported."""
    lines = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if (isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute) and child.func.attr == "compile"
                and getattr(child.func.value, "id", None) == "re"):
            lines.append(child.lineno)
        lines += _compiles_outside_functions(child)
    return lines


def test_no_module_compiles_a_pattern_at_import():
    # start-up compiles nothing: a pattern defined outside a function is a LazyPattern
    root = Path(extractor.__file__).parent
    found = [f"{path.relative_to(root)}:{line}" for path in sorted(root.rglob("*.py"))
             for line in _compiles_outside_functions(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == []
