"""Who said what, corrected in a real browser: the editor's quotes panel, and the person's page."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from bylinesite import EDITOR, create_user, start_site, stop
from test_newsroom import sign_in, wait

BODY = (
    "Harbour master Ingrid Solberg closed the north quay on Tuesday.\n\n"
    "“The cranes are not safe in this wind, and nobody goes near them until it drops,” Solberg said.\n\n"
    "“We will reopen as soon as the inspectors have been,” the spokesman added."
)


@pytest.fixture()
def quotes_site():
    process, base, data = start_site()
    create_user(data, *EDITOR)
    yield base
    stop(process)


def quote_rows(browser):
    return browser.find_elements(By.CSS_SELECTOR, "#quotes .quote-row")


def test_an_editor_credits_a_quote_and_it_stays_credited_through_the_next_edit(browser, quotes_site, shoot):
    base = quotes_site
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    sign_in(browser, base, EDITOR)
    browser.get(base + "/admin/articles/new")
    browser.find_element(By.ID, "headline").send_keys("North quay closed as winds rise")
    Select(browser.find_element(By.ID, "section")).select_by_index(0)
    browser.find_element(By.ID, "authors").send_keys("Mara Lindqvist")
    browser.find_element(By.ID, "body").send_keys(BODY)
    browser.find_element(By.CSS_SELECTOR, "button[name=intent][value=publish]").click()
    wait(browser, EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice"), "Published"))

    # The panel shows what the index read: Solberg's quote, and one it could not credit.
    rows = wait(browser, lambda b: quote_rows(b) or None)
    shoot("quotes-panel")
    assert len(rows) == 2
    assert "Ingrid Solberg" in rows[0].text
    assert "No named speaker" in rows[1].text

    # The spokesman is the port's: the editor credits the organisation.
    second = quote_rows(browser)[1]
    second.find_element(By.CSS_SELECTOR, "input[name=name]").send_keys("Farrow Port Authority")
    Select(second.find_element(By.CSS_SELECTOR, "select[name=kind]")).select_by_value("organisation")
    second.find_element(By.CSS_SELECTOR, "button[name=intent][value=reassign]").click()
    wait(browser, lambda b: "attribution was changed" in b.page_source)
    second = quote_rows(browser)[1]
    assert "Farrow Port Authority" in second.text and "Confirmed" in second.text
    shoot("credited")

    # An edit elsewhere in the story keeps the decision.
    body = browser.find_element(By.ID, "body")
    body.send_keys("\n\nFerries are running from the south quay.")
    browser.find_element(By.CSS_SELECTOR, "button[name=intent][value=publish]").click()
    wait(browser, EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice"), "Published"))
    assert "Farrow Port Authority" in quote_rows(browser)[1].text

    # Readers see what Solberg said on her page, linked to the story.
    browser.get(base + "/people/ingrid-solberg")
    heading = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "h1")))
    assert heading.text == "What Ingrid Solberg said"
    quote = browser.find_element(By.CSS_SELECTOR, ".person__quote")
    assert "The cranes are not safe in this wind" in quote.text
    assert quote.find_element(By.LINK_TEXT, "North quay closed as winds rise")
    shoot("person-page")
