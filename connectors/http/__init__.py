"""HTTP connectors: the HTTP Request operation (§7.3) and the HTTP Listener server (§5.1)."""
