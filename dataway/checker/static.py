"""What a name or attribute chain statically refers to, for the passes that need it.

Answers questions such as "is this ``print`` the builtin?", "does ``j.dumps`` name a member of
the preloaded ``json`` module?" or "is ``f`` the script function defined on line 3?" from the
symbol table, without evaluating anything. A name counts as referring to one thing only when
every binding agrees; anything dynamic answers None.
"""
from __future__ import annotations

from typing import Optional

from dataway.checker import names_table as T
from dataway.checker.names import module_globals, predefined_names, resolve
from dataway.checker.symbols import Binding, Scope
from dataway.syntax import ast as A

__all__ = ["StaticNames"]


class StaticNames:
    """Static facts about the names of one checked tree."""

    def __init__(self, root: Scope, mode: str) -> None:
        self.root = root
        self.mode = mode
        self.globals = module_globals(root)
        self.predefined = predefined_names(mode)
        self.scope_of: dict[int, Scope] = {}
        #: target_of results by node id: every link of a long chain is asked about, and each
        #: answer extends the one of the link below it, so the whole chain costs linear time.
        self._targets: dict[int, Optional[str]] = {}
        #: bindings_of results by node id: several passes ask about the same reads.
        self._bindings: dict[int, Optional[list[Binding]]] = {}
        self._global_bindings: Optional[dict[str, list[Binding]]] = None
        for scope in root.walk():
            for use in scope.uses:
                self.scope_of[id(use.node)] = scope

    # ---- names -------------------------------------------------------------------------------

    def bindings_of(self, name: A.Name) -> Optional[list[Binding]]:
        """The bindings a read of ``name`` finds in the script, [] if predefined, None unknown."""
        key = id(name)
        if key in self._bindings:
            return self._bindings[key]
        scope = self.scope_of.get(key)
        found: Optional[list[Binding]]
        if scope is None:
            found = None
        else:
            owner = resolve(scope, name.id)
            if owner is not None:
                found = owner.bindings.get(name.id, [])
            elif name.id in self.globals:
                found = self._globals_of(name.id)
            else:
                found = []
        self._bindings[key] = found
        return found

    def _globals_of(self, name: str) -> list[Binding]:
        if self._global_bindings is None:
            # Built once: every module-level binding plus those made through ``global``.
            table: dict[str, list[Binding]] = {n: list(b) for n, b in self.root.bindings.items()}
            for scope in self.root.walk():
                if scope is not self.root:
                    for declared in scope.globals:
                        table.setdefault(declared, []).extend(scope.bindings.get(declared, []))
            self._global_bindings = table
        return self._global_bindings.get(name, [])

    def is_predefined(self, expr: A.Node, name: Optional[str] = None) -> bool:
        """True when ``expr`` is a Name read finding the predefined ``name``, not a script one."""
        if not isinstance(expr, A.Name) or (name is not None and expr.id != name):
            return False
        return self.bindings_of(expr) == [] and expr.id in self.predefined

    def script_function(self, expr: A.Node) -> Optional[A.Node]:
        """The ``def`` (or ``name = lambda ...``) a Name read refers to, if bound only there."""
        if not isinstance(expr, A.Name):
            return None
        found = self.bindings_of(expr)
        if not found or len(found) != 1:
            return None
        binding = found[0]
        if binding.kind == "def" and isinstance(binding.node, A.FunctionDef) \
                and not binding.node.decorator_list:
            return binding.node
        if binding.kind == "assign" and isinstance(binding.value, A.Lambda):
            return binding.value
        return None

    # ---- modules -----------------------------------------------------------------------------

    def module_of(self, expr: A.Node) -> Optional[str]:
        """The dotted module path ``expr`` refers to (``json``, ``urllib.parse``), or None."""
        target = self.target_of(expr)
        return target if target is not None and T.is_module_path(target) else None

    def target_of(self, expr: A.Node) -> Optional[str]:
        """The dotted path of a module or module member ``expr`` refers to, or None.

        Walks the attribute chain iteratively (``a.b.c.d`` costs no host recursion) down to
        the first link already answered, then answers every link on the way back up.
        """
        targets = self._targets
        chain: list[A.Attribute] = []
        node = expr
        while isinstance(node, A.Attribute) and id(node) not in targets:
            chain.append(node)
            node = node.value
        if isinstance(node, A.Attribute):
            base = targets[id(node)]
        elif isinstance(node, A.Name):
            base = self._name_target(node)
        else:
            base = None
        for link in reversed(chain):
            if base is not None:
                base = _member_path(base, link.attr)
            targets[id(link)] = base
        return base

    def _name_target(self, name: A.Name) -> Optional[str]:
        found = self.bindings_of(name)
        if found is None:
            return None
        if not found:
            return name.id if name.id in T.preloaded_modules() else None
        targets = {b.target for b in found if b.kind == "import"}
        if len(targets) == 1 and all(b.kind == "import" for b in found):
            return targets.pop()
        return None


def _member_path(base: str, attr: str) -> Optional[str]:
    """``base.attr`` when ``base`` is a module having ``attr`` (a member or submodule)."""
    if not T.is_module_path(base):
        return None
    members = T.module_members(base) or frozenset()
    if attr not in members and not T.is_module_path(f"{base}.{attr}"):
        return None
    return f"{base}.{attr}"
