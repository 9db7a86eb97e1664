"""A story and its translation, as search engines read them: hreflang links in each page's head
and in the sitemap (Google's formats), and the schema.org translation properties."""
import json
import re
import subprocess
import urllib.request

import pytest
from lxml import etree
from lxml import html as lxml_html

from bylinesite import BYLINE, ROOT, fetch, start_site, stop

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def translated():
    process, base, data = start_site()
    token = subprocess.run(
        [BYLINE, "tokens", "create", "--data-dir", data, "--name", "desk", "--role", "editor"],
        check=True, cwd=ROOT, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]
    front = fetch(base + "/")
    lead = re.search(r'class="lead-story__headline"><a href="([^"]+)"', front).group(1)
    original = json.loads(fetch(base + "/api/v1/articles/" + lead.rstrip("/").split("/")[-1]))
    body = {
        "headline": "Version française de l’article", "slug": "version-francaise", "authors": ["Desk"], "section": original["section"]["name"],
        "body": "Le texte traduit.", "language": "fr", "translationOf": original["slug"], "status": "published",
    }
    request = urllib.request.Request(
        base + "/api/v1/articles", data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        french = json.loads(response.read())
    yield {"base": base, "original": base + lead, "french": french["url"]}
    stop(process)


def alternates(page):
    document = lxml_html.fromstring(page)
    return {link.get("hreflang"): link.get("href") for link in document.xpath('//head/link[@rel="alternate"][@hreflang]')}


def test_each_version_links_to_every_version_and_the_original_is_the_default(translated):
    original, french = translated["original"], translated["french"]
    assert french.startswith(translated["base"] + "/")
    expected = {"en-US": original, "fr": french, "x-default": original}
    assert alternates(fetch(original)) == expected
    assert alternates(fetch(french)) == expected, "the links are reciprocal: each version lists the same set"


def test_the_translation_says_what_it_translates_in_its_json_ld(translated):
    original, french = translated["original"], translated["french"]
    def article(url):
        for script in lxml_html.fromstring(fetch(url)).xpath('//script[@type="application/ld+json"]'):
            data = json.loads(script.text)
            if data.get("@type") == "NewsArticle":
                return data
    assert article(french)["inLanguage"] == "fr"
    assert article(french)["translationOfWork"]["@id"] == original
    assert [work["@id"] for work in article(original)["workTranslation"]] == [french]


def test_the_sitemap_lists_every_version_on_each_versions_entry(translated):
    original, french = translated["original"], translated["french"]
    document = etree.fromstring(fetch(translated["base"] + "/sitemaps/articles-1.xml").encode())
    entries = {url.find(SITEMAP + "loc").text: url for url in document.iter(SITEMAP + "url")}
    for own in (original, french):
        links = {link.get("hreflang"): link.get("href") for link in entries[own].iter(XHTML + "link") if link.get("rel") == "alternate"}
        assert links == {"en-US": original, "fr": french}, own
    untranslated = [url for loc, url in entries.items() if loc not in (original, french)]
    assert untranslated and all(url.find(XHTML + "link") is None for url in untranslated)
