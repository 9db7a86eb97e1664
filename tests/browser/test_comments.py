"""The comment form in a real browser: posting, and replying with JavaScript."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def open_first_article(browser, site):
    browser.get(site + "/")
    browser.find_element(By.CSS_SELECTOR, ".lead-story__headline a").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "respond")))


def fill_and_send(browser, name, email, text):
    browser.find_element(By.ID, "comment").send_keys(text)
    browser.find_element(By.ID, "author").send_keys(name)
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.CSS_SELECTOR, ".comment-form button[type=submit]").click()


def test_a_reader_posts_a_comment_and_lands_on_it(browser, site):
    open_first_article(browser, site)
    assert "There are no comments yet." in browser.find_element(By.ID, "comments").text

    fill_and_send(browser, "Browser Reader", "browser@example.com", "Posted from a real browser.")

    WebDriverWait(browser, 10).until(lambda b: "#comment-" in b.current_url)
    anchor = browser.current_url.split("#")[1]
    comment = browser.find_element(By.ID, anchor)
    assert "Posted from a real browser." in comment.text
    assert "Browser Reader" in comment.text


def test_the_article_page_works_under_its_content_security_policy(browser, site):
    open_first_article(browser, site)
    fill_and_send(browser, "First Reader", "first@example.com", "Something to reply to.")
    WebDriverWait(browser, 10).until(lambda b: "#comment-" in b.current_url)
    browser.find_element(By.CSS_SELECTOR, ".comment-reply-link").click()

    # The policy is in force, and the theme's script still ran under it.
    policy = browser.execute_script(
        "return fetch(location.href).then(r => r.headers.get('content-security-policy'))"
    )
    assert "script-src 'self'" in policy
    assert browser.find_element(By.ID, "reply-title").text.startswith("Reply to")
    violations = [entry["message"] for entry in browser.get_log("browser") if "Content Security Policy" in entry["message"]]
    assert violations == []


def test_reply_moves_the_form_under_the_comment_and_cancel_moves_it_back(browser, site):
    open_first_article(browser, site)
    fill_and_send(browser, "First Reader", "first@example.com", "Something to reply to.")
    WebDriverWait(browser, 10).until(lambda b: "#comment-" in b.current_url)

    link = browser.find_element(By.CSS_SELECTOR, ".comment-reply-link")
    comment_id = link.get_attribute("data-comment-id")
    link.click()

    # The form now sits inside the comment, knows its parent, and says whom it answers.
    respond = browser.find_element(By.ID, "respond")
    parent = browser.execute_script("return arguments[0].parentElement.id", respond)
    assert parent == f"div-comment-{comment_id}"
    assert browser.find_element(By.ID, "comment_parent").get_attribute("value") == comment_id
    assert browser.find_element(By.ID, "reply-title").text.startswith("Reply to")
    assert "?replytocom=" not in browser.current_url, "JavaScript handled the click; no reload"

    browser.find_element(By.ID, "cancel-comment-reply-link").click()
    parent = browser.execute_script("return arguments[0].parentElement.id", browser.find_element(By.ID, "respond"))
    assert parent != f"div-comment-{comment_id}"
    assert browser.find_element(By.ID, "comment_parent").get_attribute("value") == "0"

    browser.find_element(By.CSS_SELECTOR, ".comment-reply-link").click()
    fill_and_send(browser, "Second Reader", "second@example.com", "A threaded reply.")
    WebDriverWait(browser, 10).until(lambda b: "#comment-" in b.current_url)
    reply = browser.find_element(By.ID, browser.current_url.split("#")[1])
    assert "comment--depth-2" in reply.get_attribute("class")


def test_invalid_input_keeps_what_was_typed(browser, site):
    open_first_article(browser, site)
    fill_and_send(browser, "No Email", "not-an-email", "Words I do not want to lose.")
    error = WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.ID, "email-error")))
    assert "email" in error.text.lower()
    assert browser.find_element(By.ID, "comment").get_attribute("value") == "Words I do not want to lose."
    assert browser.find_element(By.ID, "author").get_attribute("value") == "No Email"
