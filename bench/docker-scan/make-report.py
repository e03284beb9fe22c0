#!/usr/bin/env python3
"""Writes a large Trivy JSON report (schema 2) for the parser benchmark.

It is built from a REAL Trivy 0.68.2 report (docker-maven-plugin/src/test/resources/trivy-0.68.2/
debian-local.json): its Metadata, Package and Vulnerability objects are replicated with distinct ids,
plus realistic descriptions, references and CVSS blocks, until the file reaches the target size.
Usage: make-report.py <out.json> [size-MB=50]
"""
import json
import sys

import os
src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../docker-maven-plugin/src/test/resources/trivy-0.68.2/debian-local.json")
out = sys.argv[1]
target = int(sys.argv[2] if len(sys.argv) > 2 else 50) * 1024 * 1024
real = json.load(open(src))
res = real["Results"][0]
pkgs, vulns = res["Packages"], res["Vulnerabilities"]
desc = ("A flaw was found in the package's input handling. A remote attacker could send crafted data "
        "that triggers an out-of-bounds read, leading to a denial of service or information disclosure. ") * 4
sev = ["LOW", "MEDIUM", "HIGH", "CRITICAL", "UNKNOWN"]

with open(out, "w") as f:
    head = {k: real[k] for k in ("SchemaVersion", "ReportID", "CreatedAt", "ArtifactID", "ArtifactName",
                                 "ArtifactType", "Metadata")}
    f.write(json.dumps(head, indent=2)[:-2] + ',\n  "Results": [\n')
    written, r, n = 0, 0, 0
    while written < target:
        if r:
            f.write(",\n")
        f.write('    {"Target": %s, "Class": "os-pkgs", "Type": "debian", "Packages": [' %
                json.dumps("%s (layer %d)" % (res["Target"], r)))
        f.write(",".join(json.dumps(p, indent=2) for p in pkgs))
        f.write('], "Vulnerabilities": [\n')
        first = True
        for i in range(2000):
            v = dict(vulns[i % len(vulns)])
            n += 1
            v["VulnerabilityID"] = "CVE-2098-%06d" % n
            v["Severity"] = sev[n % len(sev)]
            if n % 3 == 0:
                v.pop("FixedVersion", None)
                v["Status"] = "affected"
            v["Description"] = desc
            v["References"] = ["https://security-tracker.debian.org/tracker/CVE-2098-%06d" % n,
                               "https://nvd.nist.gov/vuln/detail/CVE-2098-%06d" % n,
                               "https://www.cve.org/CVERecord?id=CVE-2098-%06d" % n]
            v["CweIDs"] = ["CWE-125"]
            v["PublishedDate"] = "2098-01-01T00:00:00Z"
            v["LastModifiedDate"] = "2098-02-01T00:00:00Z"
            if not first:
                f.write(",\n")
            f.write(json.dumps(v, indent=2))
            first = False
        f.write("]}")
        r += 1
        written = f.tell()
    f.write("\n  ]\n}\n")
print("wrote %s: %.1f MB, %d results, %d vulnerabilities" % (out, written / 1048576, r, n))
