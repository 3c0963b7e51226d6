"""Dataway connectors (components spec §7): one package per connector.

* :mod:`dataway.connectors.base`: the §7.1 rules every connector shares (timeouts, the
  ``<NS>:CONNECTIVITY`` / ``<NS>:TIMEOUT`` errors, pools owned by the engine instance);
* :mod:`dataway.connectors.body`: the §7.2 body encoding (HTTP, and later MQTT/AMQP publish);
* :mod:`dataway.connectors.secrets`: ``!secret`` providers and masking;
* :mod:`dataway.connectors.triggers`: the trigger registry ``dataway serve`` starts;
* :mod:`dataway.connectors.http`: HTTP Request (§7.3) and the HTTP Listener server (§5.1).
"""
