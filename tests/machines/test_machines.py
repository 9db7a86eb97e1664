"""Byline as the machines that consume news see it, checked with their own tools."""
import collections
import json
import re

import extruct
import feedparser
import trafilatura
from lxml import etree
from lxml import html as lxml_html

from bylinesite import fetch

# feedparser's released versions (6.0.x) read RSS and Atom; JSON Feed support exists only in its
# unreleased development branch, so JSON feeds are checked against the JSON Feed 1.1 spec below.
FEEDS = ["/feed.rss", "/feed.atom", "/world/feed.rss", "/world/feed.atom", "/tag/climate/feed.rss", "/tag/climate/feed.atom",
         "/author/mara-lindqvist/feed.rss", "/author/mara-lindqvist/feed.atom", "/comments/feed.atom"]
JSON_FEEDS = ["/feed.json", "/world/feed.json", "/tag/climate/feed.json", "/author/mara-lindqvist/feed.json"]
RFC3339 = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)"


def test_feedparser_reads_every_feed_without_complaint(site):
    base = site["base"]
    for path in FEEDS:
        feed = feedparser.parse(base + path)
        assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
        assert feed.entries, f"{path} has no entries"
        for entry in feed.entries:
            assert entry.link.startswith(base + "/"), f"{path}: {entry.link} is not absolute"
            assert entry.get("published_parsed") or entry.get("updated_parsed"), f"{path}: an entry has no date"


def test_json_feeds_follow_the_json_feed_1_1_spec(site):
    base = site["base"]
    for path in JSON_FEEDS:
        feed = json.loads(fetch(base + path))
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["title"] and feed["feed_url"] == base + path and feed["home_page_url"].startswith(base)
        assert feed["items"], path
        for item in feed["items"]:
            assert isinstance(item["id"], str) and item["id"]
            assert item["url"].startswith(base + "/")
            assert "content_html" in item or "content_text" in item
            assert re.fullmatch(RFC3339, item["date_published"]) and re.fullmatch(RFC3339, item["date_modified"])
            assert all(author["name"] for author in item["authors"])


def test_the_site_feeds_agree_with_each_other_and_the_front_page(site):
    base = site["base"]
    titles = {path: [entry.title for entry in feedparser.parse(base + path).entries] for path in ["/feed.rss", "/feed.atom"]}
    titles["/feed.json"] = [item["title"] for item in json.loads(fetch(base + "/feed.json"))["items"]]
    assert titles["/feed.rss"] == titles["/feed.atom"] == titles["/feed.json"]
    front = lxml_html.fromstring(fetch(base + "/"))
    lead = front.xpath("string(//*[contains(@class, 'lead-story__headline')])").strip()
    assert titles["/feed.rss"][0] == lead
    first = feedparser.parse(fetch(base + "/feed.atom")).entries[0]
    assert "<p>" in first.content[0].value, "the full article's HTML"
    assert first.author_detail.href.startswith(base + "/author/")


def test_the_comment_feed_has_the_comment_and_never_its_email(site):
    text = fetch(site["base"] + site["lead"] + "/comments.atom")
    feed = feedparser.parse(text)
    assert not feed.bozo
    assert feed.entries[0].author == "Rita Reader"
    assert "A reader's view &amp; a &lt;question&gt;?" in feed.entries[0].content[0].value
    assert "rita.reader@example.com" not in text
    assert "rita.reader@example.com" not in fetch(site["base"] + "/comments/feed.atom")


def test_extruct_finds_the_news_article_and_its_open_graph(site):
    url = site["base"] + site["lead"]
    page = fetch(url)
    data = extruct.extract(page, base_url=url, syntaxes=["json-ld", "opengraph"])
    articles = [item for item in data["json-ld"] if item.get("@type") == "NewsArticle"]
    assert len(articles) == 1
    article = articles[0]
    document = lxml_html.fromstring(page)
    assert article["headline"] == document.xpath("string(//h1)").strip()
    assert article["mainEntityOfPage"]["@id"] == url
    assert re.fullmatch(RFC3339, article["datePublished"])
    assert article["author"][0]["url"].startswith(site["base"] + "/author/")
    assert article["publisher"]["logo"]["url"].startswith(site["base"])
    image = article["image"][0]
    assert image["width"] > 0 and image["height"] > 0 and image["caption"]
    assert article["commentCount"] == 1
    assert article["isAccessibleForFree"] is True
    assert any(item.get("@type") == "BreadcrumbList" for item in data["json-ld"])
    og = dict(data["opengraph"][0]["properties"])
    assert og["og:type"] == "article" and og["og:url"] == url
    assert og["article:section"] and og["article:published_time"] and og["og:image:width"]


def test_trafilatura_extracts_exactly_the_story(site):
    page = fetch(site["base"] + site["lead"])
    extracted = trafilatura.extract(page, include_comments=False)
    document = lxml_html.fromstring(page)
    story = document.xpath("//article")[0]
    own = [story.xpath("string(.//h1)"), story.xpath("string(.//*[contains(@class, 'story__dek')])")]
    own += [element.text_content() for element in story.xpath(".//div[contains(@class, 'story__body')]//*[self::p or self::li or self::h2 or self::h3]")]
    own.append(story.xpath("string(.//*[contains(@class, 'story__credit')])"))

    def words(text):
        return collections.Counter(re.findall(r"\w+", text.lower()))

    expected, got = words(" ".join(own)), words(extracted)
    overlap = sum((expected & got).values())
    precision, recall = overlap / sum(got.values()), overlap / sum(expected.values())
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.98, f"F1 {f1:.3f} (precision {precision:.3f}, recall {recall:.3f})"
    for chrome in ["Leave a comment", "Your email address will not be published", "Skip to main content", "More on this story",
                   "All rights reserved", "A reader's view"]:
        assert chrome not in extracted, f"{chrome!r} leaked into the extracted story"


def test_every_sitemap_is_well_formed_with_the_right_namespaces(site):
    base = site["base"]
    sitemap = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    index = etree.fromstring(fetch(base + "/sitemap.xml").encode())
    assert index.tag == sitemap + "sitemapindex"
    locations = [element.text for element in index.iter(sitemap + "loc")]
    assert base + "/sitemaps/news.xml" in locations and base + "/sitemaps/articles-1.xml" in locations
    for location in locations:
        document = etree.fromstring(fetch(location).encode())
        assert document.tag == sitemap + "urlset"
        urls = [element.text for element in document.iter(sitemap + "loc")]
        assert urls and all(url.startswith(base + "/") for url in urls), location
        if location.endswith("news.xml"):
            news = "{http://www.google.com/schemas/sitemap-news/0.9}"
            entry = next(document.iter(news + "news"))
            assert entry.find(f"{news}publication/{news}name").text
            assert entry.find(f"{news}publication/{news}language").text == "en"
            assert entry.find(f"{news}title").text
            assert re.fullmatch(RFC3339, entry.find(f"{news}publication_date").text)
    robots = fetch(base + "/robots.txt")
    assert f"Sitemap: {base}/sitemap.xml" in robots
