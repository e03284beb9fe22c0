"""Render the CI variant of the example's docker-compose.yaml, like the reference's yq step.

The edits are the ones listed in src/it/reference-pipeline/CI-OVERRIDES.md (the integration plugin
applies the same edits declaratively from the POM). Needs PyYAML (the CI venv has it: mkdocs uses it).

usage: python3 render-ci-compose.py IN.yaml OUT.yaml BACKEND_IMAGE FRONTEND_IMAGE
"""

import sys
from typing import Any

import yaml


def fail(message: str) -> None:
    sys.exit(f"render-ci-compose: {message}")


def service(doc: dict[str, Any], name: str) -> dict[str, Any]:
    services = doc.get("services") or {}
    if name not in services:
        fail(f"service {name!r} not found in the compose file")
    return services[name]


def add_env(svc: dict[str, Any], values: dict[str, str]) -> None:
    env = svc.get("environment")
    if isinstance(env, list):
        keep = [e for e in env if str(e).split("=", 1)[0] not in values]
        svc["environment"] = keep + [f"{k}={v}" for k, v in values.items()]
    else:
        svc["environment"] = {**(env or {}), **values}


def remove_env(svc: dict[str, Any], keys: list[str]) -> None:
    env = svc.get("environment")
    for key in keys:
        if not isinstance(env, dict) or key not in env:
            fail(f"environment key {key!r} not found")
        del env[key]


def remove_volume(svc: dict[str, Any], exact: str | None = None, containing: str | None = None) -> None:
    volumes = svc.get("volumes") or []
    keep = [v for v in volumes if not (v == exact or (containing is not None and containing in str(v)))]
    if len(keep) == len(volumes):
        fail(f"no volume matched {exact or containing!r}")
    if keep:
        svc["volumes"] = keep
    else:
        svc.pop("volumes", None)


def render(doc: dict[str, Any], backend_image: str, frontend_image: str) -> dict[str, Any]:
    services = doc["services"]
    service(doc, "redis-monitor")
    del services["redis-monitor"]  # 1 drop a service

    backend = service(doc, "backend")
    backend["image"] = backend_image  # 2 use the built images, never build
    backend.pop("build", None)
    add_env(backend, {"APP_ENV": "ci", "NOTES_TTL_SECONDS": "3600"})  # 3 map form
    remove_env(backend, ["LOG_LEVEL"])  # 4
    remove_volume(backend, exact="./backend/app:/srv/app/app:ro")  # 6
    backend.setdefault("extra_hosts", []).append("host.docker.internal:host-gateway")  # 10
    backend.setdefault("volumes", []).append("${HOME}:/run/host-home:ro")  # 11

    init = service(doc, "redis-init")
    init["image"] = backend_image
    add_env(init, {"SEED_EXPIRE_SECONDS": "3600"})  # 5 list form

    remove_volume(service(doc, "redis"), containing="redis-data")  # 7

    frontend = service(doc, "frontend")
    frontend["image"] = frontend_image
    frontend.pop("build", None)
    if "healthcheck" not in frontend:
        fail("frontend has no healthcheck to remove")
    del frontend["healthcheck"]  # 8
    frontend["depends_on"]["backend"]["condition"] = "service_started"  # 9
    doc.pop("volumes", None)  # the named volume is no longer used
    return doc


def main(argv: list[str]) -> None:
    if len(argv) != 5:
        fail(__doc__ or "")
    with open(argv[1], encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    out = render(doc, argv[3], argv[4])
    with open(argv[2], "w", encoding="utf-8") as f:
        f.write("# Rendered by bench/pipeline/render-ci-compose.py from docker-compose.yaml: do not edit.\n")
        yaml.safe_dump(out, f, sort_keys=False, width=200)


if __name__ == "__main__":
    main(sys.argv)
