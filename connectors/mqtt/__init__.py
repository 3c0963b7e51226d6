"""MQTT 3.1.1 connector: MQTT Publish (§7.8) and the MQTT Consumer trigger (§5.3).

``client.py`` adapts paho-mqtt (the Eclipse reference client, an optional dependency:
``pip install 'dataway[mqtt]'``) to asyncio; ``publish.py`` is the step and ``consumer.py``
the trigger's serving loop.
"""
