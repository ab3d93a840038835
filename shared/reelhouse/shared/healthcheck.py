"""Container healthcheck: ``python -m reelhouse.shared.healthcheck <service>``.

Calls the service's ``health`` RPC with a short timeout; exit 0 when it answers.
"""

import os
import sys

from nameko.standalone.rpc import ClusterRpcProxy


def main(argv=None):
    argv = argv if argv is not None else sys.argv[1:]
    service = argv[0]
    config = {"AMQP_URI": os.environ.get("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")}
    try:
        with ClusterRpcProxy(config, timeout=3) as cluster:
            status = getattr(cluster, service).health()
    except Exception as error:
        print(f"{service}: unhealthy: {error}", file=sys.stderr)
        return 1
    print(status)
    return 0 if status.get("status") == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
