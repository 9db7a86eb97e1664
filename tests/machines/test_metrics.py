"""/metrics as Prometheus reads it: prometheus_client's own parser of the text format."""
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bylinesite import fetch, free_port, start_site, stop

TOKEN = "a-scraper-token-of-some-length"


@pytest.fixture(scope="module")
def metered():
    port = free_port()
    process, base, _ = start_site("--metrics-port", str(port), "--metrics-token", TOKEN, "--comment-flood-seconds", "0")
    yield base, f"http://127.0.0.1:{port}/metrics"
    stop(process)


def scrape(url):
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + TOKEN})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = response.read().decode()
    samples = {}
    types = {}
    for family in text_string_to_metric_families(text):
        types[family.name] = family.type
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples, types


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


def test_prometheus_parses_what_the_site_did(metered):
    base, metrics = metered
    front = fetch(base + "/")
    fetch(base + "/")  # the second is a page-cache hit
    lead = re.search(r'class="lead-story__headline"><a href="([^"]+)"', front).group(1)
    article = fetch(base + lead)
    with pytest.raises(urllib.error.HTTPError) as missing:
        fetch(base + "/no-such-section-here")
    assert missing.value.code == 404
    fields = {
        "comment_post_ID": re.search(r'name="comment_post_ID" value="(\d+)"', article).group(1),
        "_token": re.search(r'name="_token" value="([^"]+)"', article).group(1),
        "author": "", "email": "not an address", "comment": "", "comment_parent": "0",
    }
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(base + "/comments", data=urllib.parse.urlencode(fields).encode(), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert refused.value.code == 422

    samples, types = scrape(metrics)
    assert value(samples, "byline_http_requests_total", route="/", method="GET", status="200") == 1
    assert value(samples, "byline_http_requests_total", route="(page cache)", method="GET", status="200") == 1
    assert value(samples, "byline_http_requests_total", route="/{section}", method="GET", status="404") == 1
    assert types["byline_http_request_duration_seconds"] == "histogram"
    assert value(samples, "byline_http_request_duration_seconds_count", route="/") == 1
    assert value(samples, "byline_page_cache_hits_total", cache="pages") == 1
    assert value(samples, "byline_page_cache_misses_total", cache="pages") >= 2
    assert value(samples, "byline_page_cache_bytes", cache="pages") > 0
    assert value(samples, "byline_comments_total", outcome="refused", reason="invalid") == 1
    assert value(samples, "byline_database_seconds_count", operation="read") > 0
    assert any(name == "byline_job_runs_total" for name, _ in samples)


def test_metrics_need_the_token_and_are_never_on_the_site(metered):
    base, metrics = metered
    with pytest.raises(urllib.error.HTTPError) as anonymous:
        urllib.request.urlopen(metrics, timeout=10)
    assert anonymous.value.code == 401
    with pytest.raises(urllib.error.HTTPError) as public:
        fetch(base + "/metrics")
    assert public.value.code == 404
