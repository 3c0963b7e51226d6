"""``dataway secret``: the encrypted secrets file of an environment (components spec §7.1).

::

    dataway secret keygen                                  # print a new DATAWAY_SECRETS_KEY
    dataway secret set  <project-or-app> NAME [--env E] [--value V]   # else read from stdin
    dataway secret list <project-or-app> [--env E]         # names only, never values
    dataway secret rm   <project-or-app> NAME [--env E]

The file is ``<dir>/.dataway/secrets-<env>.enc``; see :mod:`dataway.connectors.secrets`.
Imports are deferred to the handlers so registering the command costs ``dataway eval``
nothing at start-up.
"""
from __future__ import annotations

import sys
from typing import Any, Optional, TextIO

__all__ = ["register", "secret_command"]


def register(subparsers: Any) -> None:
    """Add ``secret keygen|set|list|rm`` to the main parser's subparsers."""
    parser = subparsers.add_parser("secret", help="manage the encrypted secrets file")
    sub = parser.add_subparsers(dest="secret_command", required=True,
                                parser_class=type(parser))
    sub.add_parser("keygen", help="print a new key for DATAWAY_SECRETS_KEY")
    for name, helptext in (("set", "store a secret (value from --value or stdin)"),
                           ("list", "list the stored secret names"),
                           ("rm", "remove a secret")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("dir", help="project or app directory")
        if name != "list":
            p.add_argument("name", help="secret name (as in !secret NAME)")
        p.add_argument("--env", default="sandbox", help="environment (default: sandbox)")
        if name == "set":
            p.add_argument("--value", help="the value (default: read from standard input)")
    parser.set_defaults(handler=secret_command)


def secret_command(args: Any, out: Optional[TextIO] = None, err: Optional[TextIO] = None) -> int:
    """Run one ``dataway secret`` subcommand; 0 ok, 1 a file/key problem, 2 bad usage."""
    from pathlib import Path

    from dataway.connectors.secrets import NAME_RE, SecretsFile, SecretsFileError, \
        secrets_path

    out = out or sys.stdout
    err = err or sys.stderr
    if args.secret_command == "keygen":
        from cryptography.fernet import Fernet

        out.write(Fernet.generate_key().decode("ascii") + "\n")
        return 0
    root = Path(args.dir)
    if not root.is_dir():
        err.write(f"error: {args.dir}: not a directory\n")
        return 2
    name = getattr(args, "name", None)
    if name is not None and not NAME_RE.match(name):
        err.write(f"error: {name!r} is not a secret name ([A-Za-z_][A-Za-z0-9_]*)\n")
        return 2
    store = SecretsFile(secrets_path(root, args.env))
    try:
        values = store.read()
        if args.secret_command == "list":
            for key in sorted(values):
                out.write(key + "\n")
            return 0
        if args.secret_command == "rm":
            if name not in values:
                err.write(f"error: no secret {name!r} in the {args.env} environment\n")
                return 1
            del values[name]
            store.write(values)
            return 0
        value = args.value
        if value is None:
            value = sys.stdin.readline().rstrip("\r\n") if not sys.stdin.isatty() else \
                __import__("getpass").getpass(f"value of {name}: ")
        values[name] = value
        store.write(values)
        out.write(f"stored {name} for {args.env}\n")
        return 0
    except SecretsFileError as exc:
        err.write(f"error: {exc}\n")
        return 1
