"""Service configuration: YAML with ``${VAR:default}`` taken from the environment.

nameko's own loader does the substitution for ``nameko run --config``; this
module gives tests, scripts and the healthcheck the same behaviour.
"""

import os

import yaml
from nameko.cli.main import setup_yaml_parser


def load_config(path, overrides=None):
    setup_yaml_parser()
    with open(path) as handle:
        config = yaml.safe_load(handle) or {}
    config.update(overrides or {})
    return config


def amqp_uri(config):
    return config.get("AMQP_URI") or os.environ.get("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")
