"""The built-in components and their entry-point targets (group ``dataway.components``).

This table is also what ``pyproject.toml`` declares under
``[project.entry-points."dataway.components"]``; the registry reads both, so a checkout works
before the package metadata is regenerated.
"""
from __future__ import annotations

__all__ = ["BUILTINS"]

BUILTINS: dict[str, str] = {
    "async": "dataway.stdlib.async_scope:Async",
    "break": "dataway.stdlib.loop_control:Break",
    "cache": "dataway.stdlib.cache:Cache",
    "choice": "dataway.stdlib.choice:Choice",
    "continue": "dataway.stdlib.loop_control:Continue",
    "flow_ref": "dataway.stdlib.flow_ref:FlowRef",
    "for_each": "dataway.stdlib.for_each:ForEach",
    "http_listener": "dataway.stdlib.http_listener:HttpListener",
    "logger": "dataway.stdlib.logger:Logger",
    "mqtt_consumer": "dataway.stdlib.consumers:MqttConsumer",
    "amqp_consumer": "dataway.stdlib.consumers:AmqpConsumer",
    "parallel_foreach": "dataway.stdlib.parallel_foreach:ParallelForeach",
    "raise_error": "dataway.stdlib.raise_error:RaiseError",
    "remove_variable": "dataway.stdlib.variables:RemoveVariable",
    "scatter_gather": "dataway.stdlib.scatter_gather:ScatterGather",
    "scheduler": "dataway.stdlib.scheduler:Scheduler",
    "set_payload": "dataway.stdlib.set_payload:SetPayload",
    "set_variable": "dataway.stdlib.variables:SetVariable",
    "synchronized": "dataway.stdlib.synchronized:Synchronized",
    "transform": "dataway.stdlib.transform:Transform",
    "try": "dataway.stdlib.try_scope:Try",
    "until_successful": "dataway.stdlib.until_successful:UntilSuccessful",
    "while": "dataway.stdlib.while_loop:While",
    "compress": "dataway.stdlib.compress:Compress",
    "rate_limiter": "dataway.stdlib.rate_limiter:RateLimiter",
    "crypto": "dataway.stdlib.crypto:Crypto",
    "http_request": "dataway.connectors.http.request:HttpRequest",
    "database": "dataway.connectors.database.component:Database",
    "redis": "dataway.connectors.redis:Redis",
    "amqp_publish": "dataway.connectors.amqp.publish:AmqpPublish",
    "mqtt_publish": "dataway.connectors.mqtt.publish:MqttPublish",
    "ftp": "dataway.connectors.files.component:Ftp",
    "sftp": "dataway.connectors.files.component:Sftp",
    "email": "dataway.connectors.email.component:Email",
}
