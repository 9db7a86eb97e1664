"""Agency copy in a real browser: dropped into the inbox, edited, updated by the agency, merged."""
import os
import shutil
import tempfile
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from bylinesite import EDITOR, ROOT, create_user, start_site, stop
from test_newsroom import sign_in, wait

FIXTURES = os.path.join(ROOT, "Tests", "BylineTests", "Fixtures", "Wire")


@pytest.fixture()
def wire_site():
    inbox = tempfile.mkdtemp(prefix="byline-inbox-")
    process, base, data = start_site("--no-demo", "--wire-inbox", inbox)
    create_user(data, *EDITOR)
    yield base, inbox
    stop(process)
    shutil.rmtree(inbox, ignore_errors=True)


def drop(inbox, name, text):
    """Written aside, then moved in whole, as an agency's transfer does."""
    aside = os.path.join(inbox, "." + name)
    with open(aside, "w", encoding="utf-8") as file:
        file.write(text)
    os.rename(aside, os.path.join(inbox, name))
    deadline = time.time() + 20
    while not os.path.exists(os.path.join(inbox, "done", name)):
        assert time.time() < deadline, f"{name} was not taken in: {os.listdir(inbox)}"
        time.sleep(0.2)


def test_an_editor_merges_an_agency_update_that_arrived_after_their_edit(browser, wire_site, shoot):
    base, inbox = wire_site
    with open(os.path.join(FIXTURES, "ninjs-2.json"), encoding="utf-8") as file:
        story = file.read()
    drop(inbox, "fjord-v6.json", story)

    sign_in(browser, base, EDITOR)
    browser.get(base + "/admin/wire")
    row = wait(browser, EC.presence_of_element_located((By.LINK_TEXT, "Kommunen har kjøpt giganttomt")))
    shoot("queue")
    assert "New" in browser.find_element(By.CSS_SELECTOR, "table").text

    # The editor rewrites the top of the story.
    browser.find_element(By.LINK_TEXT, "Edit and publish").click()
    wait(browser, EC.presence_of_element_located((By.ID, "wire-copy-panel")))
    assert "Noe utvidet." in browser.find_element(By.ID, "wire-copy-panel").text
    body = browser.find_element(By.ID, "body")
    body.clear()
    body.send_keys("Desken skrev om starten.")
    browser.find_element(By.CSS_SELECTOR, "button[name=intent][value=save]").click()
    wait(browser, lambda b: "Saved." in b.page_source)

    # Then the agency sends version 7: it waits, and the editor is told.
    drop(inbox, "fjord-v7.json", story.replace('"version": "6"', '"version": "7"').replace("sier ordføreren.", "sier ordføreren til Fjordbyrå."))
    browser.refresh()
    panel = wait(browser, EC.presence_of_element_located((By.ID, "wire-copy-panel")))
    assert "Fjordbyrå sent version 7" in panel.text
    browser.find_element(By.LINK_TEXT, "Compare and merge").click()
    columns = wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, ".side-by-side__column"))
    shoot("side-by-side")
    assert len(columns) == 2
    assert "Desken skrev om starten." in columns[0].text
    assert "sier ordføreren til Fjordbyrå." in columns[1].text
    # Side by side on a desktop screen: the two columns share a row.
    assert columns[0].location["y"] == columns[1].location["y"]

    browser.find_element(By.XPATH, "//button[normalize-space()='Apply the agency’s update']").click()
    wait(browser, lambda b: "The agency’s update was applied" in b.page_source)
    shoot("applied")
    assert "Updated" in browser.find_element(By.CSS_SELECTOR, ".facts").text
    browser.find_element(By.LINK_TEXT, "Edit and publish").click()
    wait(browser, EC.presence_of_element_located((By.ID, "body")))
    assert "sier ordføreren til Fjordbyrå." in browser.find_element(By.ID, "body").get_attribute("value")
