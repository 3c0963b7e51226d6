"""AMQP 0-9-1 (RabbitMQ) connector: AMQP Publish (§7.9) and the AMQP Consumer trigger (§5.4).

aio-pika is the maintained asyncio client for RabbitMQ (publisher confirms, returned
messages, QoS, per-delivery ack/reject), so the protocol is not ours to write. It is an
optional dependency (``pip install 'dataway[amqp]'``); flows naming an ``amqp`` connection
without it get a load error.

``connection.py`` holds the connection model and how to connect, ``publish.py`` the step,
``consumer.py`` the trigger's serving loop.
"""
