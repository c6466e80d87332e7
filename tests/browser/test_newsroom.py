"""An editor writes in the real CKEditor and uploads an image; a publisher publishes it."""

import io
import re

import pytest
from PIL import Image

from news.models import Item
from tests.helpers import STAFF_PASSWORD, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def log_in(browser, live_server, user):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "delegates.png"
    out = io.BytesIO()
    Image.new("RGB", (120, 80), "teal").save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


def test_editor_drafts_with_an_uploaded_image_and_a_publisher_publishes(
    live_server, browser, section, photo, settings
):
    settings.ROOT_URLCONF = "tests.urls"
    editor = log_in(browser, live_server, make_staff("Editors"))

    editor.goto(f"{live_server.url}/admin/news/item/add/")
    editor.wait_for_function(
        "window.CKEDITOR && CKEDITOR.instances.id_body"
        " && CKEDITOR.instances.id_body.status === 'ready'"
    )
    editor.select_option("#id_section", str(section.pk))
    editor.fill("#id_title", "Statement with a photo")
    editor.fill("#id_lead", "A lead for the statement.")
    body = editor.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    body.click()
    editor.keyboard.type("Typed into the real CKEditor.")

    editor.click("a.cke_button__image")
    dialog = editor.locator(".cke_dialog")
    dialog.get_by_role("tab", name="Upload").click()
    dialog.frame_locator("iframe.cke_dialog_ui_input_file").locator(
        "input[type=file]"
    ).set_input_files(photo)
    dialog.locator("a.cke_dialog_ui_fileButton").click()
    url_field = dialog.locator(".cke_dialog_ui_input_text input").first
    editor.wait_for_function(
        "el => el.value.startsWith('/media/uploads/')",
        arg=url_field.element_handle(),
        timeout=15000,
    )
    dialog.get_by_role("tab", name="Image Info").click()
    dialog.get_by_label("Alternative Text").fill("Delegates at the table")
    dialog.locator("a.cke_dialog_ui_button_ok").click()
    editor.click("input[name=_save]")
    editor.wait_for_url(re.compile(r".*/admin/news/item/$"))

    item = Item.objects.get(title="Statement with a photo")
    assert item.status == Item.Status.DRAFT
    assert "Typed into the real CKEditor." in item.body
    image_src = re.search(r'<img[^>]+src="(/media/uploads/[^"]+)"', item.body).group(1)
    reader = browser.new_page()
    assert reader.goto(f"{live_server.url}{item.get_absolute_url()}").status == 404

    publisher = log_in(browser, live_server, make_staff("Publishers"))
    publisher.goto(f"{live_server.url}/admin/news/item/")
    publisher.check(f"input[name=_selected_action][value='{item.pk}']")
    publisher.select_option("select[name=action]", "publish_selected")
    publisher.click("button[name=index]")
    publisher.wait_for_selector("text=1 item published.")

    response = reader.goto(f"{live_server.url}{item.get_absolute_url()}")
    assert response.status == 200
    assert reader.get_by_text("Typed into the real CKEditor.").is_visible()
    image = reader.locator(f"img[src='{image_src}']")
    assert image.get_attribute("alt") == "Delegates at the table"
    assert image.evaluate("img => img.complete && img.naturalWidth") == 120
