"""The Dataway REPL (``dataway repl``): a prompt-toolkit front end over :class:`Session`."""
