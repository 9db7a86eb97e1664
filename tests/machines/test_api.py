"""The Content API checked by schemathesis against its own OpenAPI document."""
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from bylinesite import BYLINE, ROOT, fetch, start_site, stop


@pytest.fixture(scope="module")
def api_site():
    # A generous rate limit, so that schemathesis exercises the logic rather than the 429s.
    process, base, data = start_site("--api-rate-limit", "1000000")
    created = subprocess.run(
        [BYLINE, "tokens", "create", "--data-dir", data, "--name", "schemathesis", "--role", "editor"],
        check=True, cwd=ROOT, capture_output=True, text=True,
    )
    yield base, created.stdout.strip().splitlines()[-1]
    stop(process)


def test_schemathesis_finds_no_server_error_and_no_response_outside_the_schema(api_site):
    base, token = api_site
    schemathesis = os.path.join(os.path.dirname(sys.executable), "schemathesis")
    result = subprocess.run(
        [schemathesis, "run", base + "/api/openapi.json", "--url", base, "-H", f"Authorization: Bearer {token}",
         "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance",
         "--max-examples", "40", "--no-color"],
        capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_a_wire_story_is_pushed_patched_with_its_version_and_deleted(api_site):
    base, token = api_site
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def call(method, path, body=None):
        request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    status, article = call("POST", "/api/v1/articles", {
        "id": "wire-1", "headline": "Wire copy arrives", "authors": ["Wire Desk"], "section": "World", "body": "First take.",
        "credit": {"kind": "wires", "agency": "AFP"},
    })
    assert status == 201 and article["version"] == 1 and article["externalId"] == "wire-1"
    status, updated = call("PATCH", f"/api/v1/articles/{article['id']}", {"body": "Second take.", "version": 1})
    assert status == 200 and updated["version"] == 2 and updated["bodyHTML"] == "<p>Second take.</p>"
    status, conflict = call("PATCH", f"/api/v1/articles/{article['id']}", {"body": "Stale take.", "version": 1})
    assert status == 409 and conflict["error"]["code"] == "version_conflict" and conflict["error"]["currentVersion"] == 2
    status, invalid = call("POST", "/api/v1/articles", {"headline": "", "authors": [], "section": "World", "body": "x", "nonsense": 1})
    assert status == 422 and {entry["field"] for entry in invalid["error"]["fields"]} >= {"headline", "authors", "nonsense"}
    assert json.loads(fetch(base + f"/api/v1/articles/{article['id']}"))["body"] == "Second take."
    status, _ = call("DELETE", f"/api/v1/articles/{article['id']}")
    assert status == 204
    status, missing = call("DELETE", f"/api/v1/articles/{article['id']}")
    assert status == 404 and missing["error"]["code"] == "not_found"
