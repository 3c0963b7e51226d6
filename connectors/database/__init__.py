"""Database connector (components spec §7.4): SQLite, PostgreSQL, MySQL/MariaDB.

``component.py`` is the step (pooling, transactions, payload shapes), ``drivers.py`` the three
drivers behind one interface, ``placeholders.py`` the ``:name`` translation.
"""
