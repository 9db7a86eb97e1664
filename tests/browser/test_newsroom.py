"""The newsroom in a real browser: from signing in to a corrected, commented story."""
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from bylinesite import CONTRIBUTOR, EDITOR, ROOT

IMAGE = os.path.join(ROOT, "Resources", "Themes", "default", "assets", "demo", "dunes.jpg")


def wait(browser, condition, seconds=10):
    return WebDriverWait(browser, seconds).until(condition)


def sign_in(browser, base, account, password=None):
    email, _, _, right_password = account
    browser.get(base + "/admin")
    wait(browser, EC.presence_of_element_located((By.ID, "email")))
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys(password or right_password)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    # Wait for the answer: a page requested before it arrives would go without the session.
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, ".topbar, #login-error"))


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(browser, newsroom, shoot):
    sign_in(browser, newsroom, EDITOR, password="not the right passphrase")
    error = wait(browser, EC.presence_of_element_located((By.ID, "login-error")))
    shoot("refused")
    assert "don’t match an account" in error.text
    assert "/admin/login" in browser.current_url
    assert browser.find_element(By.ID, "email").get_attribute("value") == EDITOR[0]
    assert browser.find_element(By.ID, "password").get_attribute("value") == ""


def test_an_editor_takes_a_story_from_draft_to_a_corrected_commented_article(browser, newsroom, shoot):
    # Public pages may be cached for a minute; this test wants to see each change at once.
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    sign_in(browser, newsroom, EDITOR)
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, ".stats")))
    shoot("dashboard")

    # Write, with a lead image uploaded from disk.
    browser.get(newsroom + "/admin/articles/new")
    browser.find_element(By.ID, "headline").send_keys("Lighthouse keepers return to Farrow Point")
    browser.find_element(By.ID, "dek").send_keys("The light goes back on after forty years of automation.")
    Select(browser.find_element(By.ID, "section")).select_by_visible_text("World")
    browser.find_element(By.ID, "tags").send_keys("Lighthouses, Coast")
    body = browser.find_element(By.ID, "body")
    body.send_keys("The keepers arrived at dawn.\n\n> \"It is good to be home,\" said one.\n\nThe light will burn **every night**.")
    # The side-by-side preview is the public renderer's output.
    wait(browser, lambda b: "<strong>every night</strong>" in b.find_element(By.ID, "body-preview").get_attribute("innerHTML"))
    assert "<blockquote>" in browser.find_element(By.ID, "body-preview").get_attribute("innerHTML")
    browser.find_element(By.ID, "lead_image_file").send_keys(IMAGE)
    browser.find_element(By.ID, "lead_image_alt").send_keys("Sand dunes under a pale sky")
    browser.find_element(By.ID, "lead_image_caption").send_keys("The dunes behind the point.")
    shoot("writing")
    browser.find_element(By.CSS_SELECTOR, "button[name=intent][value=save]").click()
    wait(browser, EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice"), "Saved"))
    assert browser.find_element(By.CSS_SELECTOR, ".thumb img").get_attribute("src").startswith(newsroom + "/media/")
    shoot("saved-draft")

    # Preview through the private link, exactly as a reader will see it.
    preview_url = browser.find_element(By.ID, "preview-link").get_attribute("href")
    editor_url = browser.current_url.split("?")[0]
    browser.get(preview_url)
    assert browser.find_element(By.CSS_SELECTOR, "h1").text == "Lighthouse keepers return to Farrow Point"
    assert "Sand dunes under a pale sky" == browser.find_element(By.CSS_SELECTOR, "article figure img").get_attribute("alt")
    shoot("preview")

    # Publish, and find it on the front page.
    browser.get(editor_url)
    browser.find_element(By.CSS_SELECTOR, "button[name=intent][value=publish]").click()
    wait(browser, EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice"), "Published"))
    article_url = browser.find_element(By.LINK_TEXT, "View on the site").get_attribute("href")
    browser.get(newsroom + "/")
    assert "Lighthouse keepers return to Farrow Point" in browser.find_element(By.TAG_NAME, "main").text
    shoot("front-page")

    # A signed-out reader comments; a first-time commenter is held for moderation.
    browser.delete_all_cookies()
    browser.get(article_url)
    browser.find_element(By.ID, "comment").send_keys("Welcome back to the keepers!")
    browser.find_element(By.ID, "author").send_keys("Rita Reader")
    browser.find_element(By.ID, "email").send_keys("rita@example.com")
    browser.find_element(By.CSS_SELECTOR, ".comment-form button[type=submit]").click()
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, ".comment__held")))
    shoot("comment-held")

    # The editor approves it from the queue, where the email is shown to staff only.
    browser.delete_all_cookies()
    sign_in(browser, newsroom, EDITOR)
    browser.get(newsroom + "/admin/comments")
    item = wait(browser, EC.presence_of_element_located((By.XPATH, "//li[contains(@class,'queue__item')][contains(., 'Welcome back to the keepers!')]")))
    assert "rita@example.com" in item.text
    shoot("moderation-queue")
    item.find_element(By.CSS_SELECTOR, "button[value^='approve:']").click()
    wait(browser, EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice"), "approved"))

    browser.get(article_url)
    comments = browser.find_element(By.ID, "comments")
    assert "Welcome back to the keepers!" in comments.text
    assert "rita@example.com" not in browser.page_source
    shoot("comment-published")

    # A correction, shown on the article.
    browser.get(editor_url)
    Select(browser.find_element(By.ID, "correction-kind")).select_by_visible_text("Correction")
    browser.find_element(By.ID, "correction-text").send_keys("An earlier version gave the wrong year for the automation.")
    browser.find_element(By.CSS_SELECTOR, "#corrections button[type=submit]").click()
    wait(browser, EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice"), "note was added"))
    browser.get(article_url)
    assert "An earlier version gave the wrong year for the automation." in browser.find_element(By.TAG_NAME, "article").text
    shoot("correction")


def test_a_contributor_saves_drafts_but_cannot_publish(browser, newsroom, shoot):
    sign_in(browser, newsroom, CONTRIBUTOR)
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, ".stats")))
    browser.get(newsroom + "/admin/articles/new")
    assert not browser.find_elements(By.CSS_SELECTOR, "button[name=intent][value=publish]")
    assert not browser.find_elements(By.ID, "lead_image_file"), "contributors pick images from the library instead of uploading"
    browser.find_element(By.ID, "headline").send_keys("A contributor's first draft")
    browser.find_element(By.ID, "body").send_keys("Some words.")
    browser.find_element(By.CSS_SELECTOR, "button[name=intent][value=save]").click()
    wait(browser, EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice"), "Saved"))
    assert "An editor publishes them" in browser.page_source
    shoot("draft")

    # Even a hand-made publish request is refused on the server.
    browser.execute_script(
        "var b = document.createElement('button'); b.type = 'submit'; b.name = 'intent'; b.value = 'publish'; b.id = 'forged';"
        "document.getElementById('editor').appendChild(b);"
    )
    browser.find_element(By.ID, "forged").click()
    heading = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, ".error-panel h1")))
    assert "can’t do that" in heading.text
    shoot("refused")


def test_the_editor_buttons_insert_a_figure_a_pull_quote_a_fact_box_and_a_link_card(browser, newsroom, shoot):
    sign_in(browser, newsroom, EDITOR)
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, ".stats")))
    browser.get(newsroom + "/admin/articles/new")
    toolbar = wait(browser, EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-insert-into=body]")))
    body = browser.find_element(By.ID, "body")
    body.send_keys("The harbour reopened.")
    for label in ["Pull quote", "Fact box", "Figure", "Link card"]:
        toolbar.find_element(By.XPATH, f".//button[normalize-space()='{label}']").click()
    text = body.get_attribute("value")
    assert text.startswith("The harbour reopened.\n\n> [!pullquote]\n> The quotation.\n> — Who said it\n\n> [!factbox] Title"), text
    assert "\n\n![Describe the image](/media/file.jpg)\nCaption: What the picture shows.\nCredit: Photo: Name" in text
    # The preview is the public renderer's: each inserted block shows as the reader will see it.
    preview = lambda b: b.find_element(By.ID, "body-preview").get_attribute("innerHTML")
    wait(browser, lambda b: 'class="story-figure"' in preview(b))
    html = preview(browser)
    assert 'class="pull-quote"' in html and "<figcaption>— Who said it</figcaption>" in html
    assert 'class="fact-box"' in html and 'class="fact-box__title">Title<' in html
    assert 'class="link-card"' in html and 'class="link-card__thumbnail" src="/media/file.jpg"' in html
    shoot("inserted-blocks")
