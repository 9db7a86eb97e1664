"""An Arabic site in Chromium: right to left, mirrored, and unbroken at phone and desktop widths."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from bylinesite import EDITOR, create_user, start_site, stop
from test_comments import fill_and_send, open_first_article
from test_newsroom import sign_in


@pytest.fixture()
def arabic_site():
    process, base, _ = start_site(
        "--locale", "ar_EG", "--comment-trust-after", "0", "--comment-flood-seconds", "0", "--comment-rate-limit", "1000"
    )
    yield base
    stop(process)


def direction(browser):
    return browser.execute_script("return getComputedStyle(document.documentElement).direction")


def overflow(browser):
    """How far the page is wider than the window: 0 when nothing sticks out sideways."""
    return browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_an_arabic_discussion_reads_right_to_left(browser, arabic_site, shoot):
    browser.get(arabic_site + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ar-EG"
    assert direction(browser) == "rtl"
    assert "الرئيسية" in browser.find_element(By.CSS_SELECTOR, ".sections").text

    open_first_article(browser, arabic_site)
    assert "اترك تعليقًا" in browser.find_element(By.ID, "reply-title").text
    fill_and_send(browser, "Ana Reader", "ana@example.com", "تعليق أول.")
    WebDriverWait(browser, 10).until(lambda b: "#comment-" in b.current_url)
    parent = browser.find_element(By.CSS_SELECTOR, ".comment")

    # The reply form moves under the comment, in Arabic, with its cancel link in Arabic.
    browser.find_element(By.CSS_SELECTOR, ".comment-reply-link").click()
    title = browser.find_element(By.ID, "reply-title").text
    assert title.startswith("الرد على") and "Ana Reader" in title
    assert browser.find_element(By.ID, "cancel-comment-reply-link").text == "إلغاء الرد"
    fill_and_send(browser, "Bo", "bo@example.com", "رد على التعليق.")
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".comment--depth-2"))
    parent = browser.find_element(By.CSS_SELECTOR, ".comment--depth-1")
    reply = browser.find_element(By.CSS_SELECTOR, ".comment--depth-2")
    # A reply is indented from the right: its right edge is inside its parent's, its left edge not.
    assert reply.rect["x"] + reply.rect["width"] < parent.rect["x"] + parent.rect["width"] - 5
    assert abs(reply.rect["x"] - parent.rect["x"]) < 2
    shoot("article-rtl")


def test_pagination_arrows_point_the_reading_way(browser, arabic_site):
    browser.get(arabic_site + "/")
    arrows = browser.execute_script("""
        const nav = document.createElement('nav');
        nav.className = 'pagination';
        nav.innerHTML = '<a class="pagination__link" rel="prev" href="#">السابق</a><a class="pagination__link" rel="next" href="#">التالي</a>';
        document.querySelector('main').appendChild(nav);
        const [prev, next] = nav.querySelectorAll('a');
        return [getComputedStyle(prev, '::before').content, getComputedStyle(next, '::after').content,
                prev.getBoundingClientRect().left > next.getBoundingClientRect().left];
    """)
    assert arrows == ['"→ "', '" ←"', True]


@pytest.mark.parametrize("width", [390, 1280])
def test_arabic_pages_fit_the_window(browser, arabic_site, shoot, width):
    browser.set_window_size(width, 900)
    browser.get(arabic_site + "/")
    article = browser.find_element(By.CSS_SELECTOR, ".lead-story__headline a").get_attribute("href")
    for name, url in [("front", arabic_site + "/"), ("article", article), ("search", arabic_site + "/search?q=the"), ("missing", arabic_site + "/nothing-here")]:
        browser.get(url)
        WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.TAG_NAME, "footer")))
        assert direction(browser) == "rtl", name
        assert overflow(browser) <= 0, f"{name} at {width}px is {overflow(browser)}px wider than the window"
        shoot(f"{name}-{width}")


@pytest.fixture()
def arabic_newsroom():
    process, base, data = start_site("--locale", "ar_EG")
    create_user(data, *EDITOR)
    yield base
    stop(process)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_newsroom_and_its_editor_are_right_to_left_and_fit_the_window(browser, arabic_newsroom, shoot, width):
    browser.set_window_size(width, 900)
    browser.get(arabic_newsroom + "/admin")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "email")))
    assert direction(browser) == "rtl" and "تسجيل الدخول إلى غرفة الأخبار" in browser.find_element(By.TAG_NAME, "h1").text
    shoot(f"login-{width}")
    sign_in(browser, arabic_newsroom, EDITOR)
    for name, path in [("dashboard", "/admin"), ("editor", "/admin/articles/new"), ("account", "/admin/account")]:
        browser.get(arabic_newsroom + path)
        WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".topbar")))
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ar-EG"
        assert direction(browser) == "rtl", name
        assert "المقالات" in browser.find_element(By.CSS_SELECTOR, ".sidebar").text
        assert overflow(browser) <= 0, f"{name} at {width}px is {overflow(browser)}px wider than the window"
        shoot(f"{name}-{width}")
    # The sidebar sits on the right, where an Arabic reader starts.
    if width > 800:
        sidebar, main = browser.find_element(By.CSS_SELECTOR, ".sidebar"), browser.find_element(By.CSS_SELECTOR, ".main")
        assert sidebar.rect["x"] > main.rect["x"]
