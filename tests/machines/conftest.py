"""A demo site, with a comment on its lead story, for the tools machines read Byline with."""
import json
import os
import re
import sys
import urllib.parse
import urllib.request

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bylinesite import fetch, start_site, stop  # noqa: E402


@pytest.fixture(scope="session")
def site():
    process, base, _ = start_site("--comment-trust-after", "0", "--comment-flood-seconds", "0")
    front = fetch(base + "/")
    lead = re.search(r'class="lead-story__headline"><a href="([^"]+)"', front).group(1)
    article = fetch(base + lead)
    fields = {
        "comment_post_ID": re.search(r'name="comment_post_ID" value="(\d+)"', article).group(1),
        "_token": re.search(r'name="_token" value="([^"]+)"', article).group(1),
        "author": "Rita Reader", "email": "rita.reader@example.com", "url": "", "comment_parent": "0",
        "comment": "A reader's view & a <question>?",
    }
    try:
        fetch(base + "/comments", data=urllib.parse.urlencode(fields).encode(), headers={"Content-Type": "application/x-www-form-urlencoded"})
    except urllib.error.HTTPError as error:
        if error.code != 303:
            raise
    yield {"base": base, "lead": lead}
    stop(process)


@pytest.fixture(scope="session")
def api(site):
    return lambda path: json.loads(fetch(site["base"] + path))
