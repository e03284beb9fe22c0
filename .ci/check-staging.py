#!/usr/bin/env python3
"""Checks a staged Maven repository (the release build's target/staging) against Maven Central's rules.

Usage: check-staging.py STAGING_DIR [--signed]

Per artifact (groupId/artifactId/version directory):
  - a POM whose effective metadata (its own, else inherited from a parent POM in the same staging
    directory) has name, description, url, a licence (name and url), a developer, scm url and connection;
    groupId, artifactId and version match the path; the version is a release (no -SNAPSHOT);
  - a jar, a -sources.jar and a -javadoc.jar unless the packaging is pom;
  - for every file except signatures: .md5 and .sha1 that match its content;
  - with --signed: a .asc for every file that `gpg --verify` accepts (GNUPGHOME holds the public key).
Prints one line per problem and exits 1 if there is any.
"""

import hashlib
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = {"m": "http://maven.apache.org/POM/4.0.0"}
REQUIRED = {
    "name": "m:name",
    "description": "m:description",
    "url": "m:url",
    "licenses/license/name": "m:licenses/m:license/m:name",
    "licenses/license/url": "m:licenses/m:license/m:url",
    "developers/developer/name": "m:developers/m:developer/m:name",
    "scm/url": "m:scm/m:url",
    "scm/connection": "m:scm/m:connection",
}


def text(root, path):
    el = root.find(path, NS)
    return el.text.strip() if el is not None and el.text else ""


def gav(root):
    parent = root.find("m:parent", NS)
    group = text(root, "m:groupId") or (text(parent, "m:groupId") if parent is not None else "")
    version = text(root, "m:version") or (text(parent, "m:version") if parent is not None else "")
    return group, text(root, "m:artifactId"), version


def check(staging: Path, signed: bool) -> list:
    problems = []
    poms = {}
    for pom in sorted(staging.rglob("*.pom")):
        root = ET.parse(pom).getroot()
        poms[gav(root)] = (pom, root)
    if not poms:
        return [f"{staging}: no POM staged"]

    def inherited(root, xpath, seen=0):
        value = text(root, xpath)
        parent = root.find("m:parent", NS)
        if value or parent is None or seen > 10:
            return value
        key = (text(parent, "m:groupId"), text(parent, "m:artifactId"), text(parent, "m:version"))
        if key not in poms:
            return ""
        return inherited(poms[key][1], xpath, seen + 1)

    for (group, artifact, version), (pom, root) in poms.items():
        rel = pom.relative_to(staging)
        expected_dir = Path(*group.split("."), artifact, version)
        if pom.parent.relative_to(staging) != expected_dir:
            problems.append(f"{rel}: lies outside {expected_dir}/ (its groupId/artifactId/version)")
        if version.endswith("-SNAPSHOT"):
            problems.append(f"{rel}: version {version} is a snapshot; Central takes releases only")
        for field, xpath in REQUIRED.items():
            if not inherited(root, xpath):
                problems.append(f"{rel}: no <{field}> (neither in the POM nor in a staged parent)")
        packaging = text(root, "m:packaging") or "jar"
        if packaging != "pom":
            for suffix in (".jar", "-sources.jar", "-javadoc.jar"):
                jar = pom.parent / f"{artifact}-{version}{suffix}"
                if not jar.is_file():
                    problems.append(f"{rel}: {jar.name} is missing (packaging {packaging})")

    for f in sorted(p for p in staging.rglob("*") if p.is_file()):
        if f.suffix in (".md5", ".sha1", ".sha256", ".sha512") or f.name.startswith("maven-metadata"):
            continue
        rel = f.relative_to(staging)
        data = f.read_bytes()
        for algo in ("md5", "sha1") if f.suffix != ".asc" else ():
            sum_file = f.with_name(f.name + "." + algo)
            if not sum_file.is_file():
                problems.append(f"{rel}: {sum_file.name} is missing")
            elif sum_file.read_text().split()[0].lower() != hashlib.new(algo, data).hexdigest():
                problems.append(f"{rel}: {sum_file.name} does not match the file")
        if signed and f.suffix != ".asc":
            asc = f.with_name(f.name + ".asc")
            if not asc.is_file():
                problems.append(f"{rel}: {asc.name} (signature) is missing")
            else:
                verify = subprocess.run(
                    ["gpg", "--batch", "--verify", str(asc), str(f)], capture_output=True, text=True
                )
                if verify.returncode != 0:
                    problems.append(f"{rel}: {asc.name} does not verify: {verify.stderr.strip().splitlines()[-1]}")
    return problems


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    staging = Path(args[0])
    problems = check(staging, "--signed" in args)
    for p in problems:
        print(p)
    artifacts = len(list(staging.rglob("*.pom")))
    print(f"{staging}: {artifacts} artifact(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
