"""The services' integration test: each NAME=HOST:PORT argument serves NAME's page."""

import os
import sys
import urllib.request

for spec in sys.argv[1:]:
    name, address = spec.split("=", 1)
    with urllib.request.urlopen(f"http://{address}/", timeout=10) as response:  # nosec B310
        body = response.read().decode()
    assert f"{name} service" in body, f"{address} did not serve the {name} page: {body!r}"
    print(f"{name}: ok ({address})")
if os.environ.get("MONO_FAIL") == os.environ.get("MODULE"):
    sys.exit(f"{os.environ['MODULE']}: failing on purpose (-Dmono.fail)")
