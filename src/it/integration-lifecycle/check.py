"""The 'integration test suite' of the IT: talks to the stack through the exported variables."""
import json
import os
import ssl
import sys
import urllib.request

results = []


def case(name, fn):
    try:
        fn()
        results.append((name, None))
        print("PASS", name)
    except Exception as e:  # noqa: BLE001
        results.append((name, repr(e)))
        print("FAIL", name, repr(e))


def backend_env():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    url = os.environ["BACKEND_BASE_URL"] + "/env"
    with urllib.request.urlopen(url, context=ctx, timeout=5) as r:
        return json.loads(r.read())


def test_backend_env():
    env = backend_env()
    assert env.get("BACKEND_ENV") == "ci", env.get("BACKEND_ENV")
    assert env.get("SECRET_KEY") == "ci-secret", env.get("SECRET_KEY")
    assert env.get("STACK_ID", "") == os.environ.get("EXPECTED_STACK_ID", ""), env.get("STACK_ID")


def test_run_scoped_prefix():
    p = os.environ["SCHEMA_SUBJECT_PREFIX"]
    assert p.startswith("ci.") and p.endswith(".") and len(p) > 4, p


def test_workers():
    a, b = os.environ["DATABASE_NAME_0"], os.environ["DATABASE_NAME_1"]
    assert a != b and a.endswith("_0") and b.endswith("_1"), (a, b)
    assert os.environ["INTEGRATION_WORKERS"] == "2"


def test_credentials_and_fixed_port():
    assert os.environ["DB_PASSWORD"] == os.environ["IT_DB_PASSWORD"]
    assert os.environ["INTEGRATION_CACHE_8080"] == "127.0.0.1:38517", os.environ["INTEGRATION_CACHE_8080"]
    with urllib.request.urlopen("http://" + os.environ["integration.cache.8080"] + "/", timeout=5) as r:
        assert r.read().strip() == b"ok"


for n, f in sorted(globals().items()):
    if n.startswith("test_"):
        case(n, f)

os.makedirs("target/it-reports", exist_ok=True)
failures = [r for r in results if r[1]]
with open("target/it-reports/junit.xml", "w") as out:
    out.write('<?xml version="1.0"?>\n<testsuites><testsuite name="check" tests="%d" failures="%d" errors="0" skipped="0">\n'
              % (len(results), len(failures)))
    for name, err in results:
        out.write('  <testcase name="%s">%s</testcase>\n' % (name, '<failure message="%s"/>' % err.replace('"', "'") if err else ""))
    out.write("</testsuite></testsuites>\n")
sys.exit(1 if failures or os.environ.get("FORCE_FAIL") else 0)
