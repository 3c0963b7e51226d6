"""Email connector (components spec §7.7): SMTP ``send`` and IMAP ``read``.

``component.py`` holds the step and its models, ``smtp.py`` builds and sends messages with
aiosmtplib, ``imap.py`` reads a folder with the standard library's ``imaplib`` on a worker thread.
"""
