"""FTP and SFTP connectors (components spec §7.5): ``component.py`` holds both steps and their
operations, ``backends.py`` the two protocols (aioftp, asyncssh) behind one interface."""
