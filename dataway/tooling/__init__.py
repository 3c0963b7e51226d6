"""Editor-independent developer tooling: the signature catalog, completion, and the pieces the
REPL, the linter and the language server share.

Modules are imported on demand (``from dataway.tooling import catalog``); importing this
package loads nothing else.
"""
