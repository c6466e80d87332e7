"""The release a process runs changes with what makes the pages, and with nothing else."""

from pagecache.release import release


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_the_release_follows_templates_code_styles_catalogues_and_pins(tmp_path):
    write(tmp_path / "jinja2" / "base.html", "<main>{% block content %}{% endblock %}</main>")
    write(tmp_path / "cstosite" / "jinja2.py", "GLOBALS = {}")
    write(tmp_path / "static" / "css" / "site.css", "body { margin: 0 }")
    write(tmp_path / "locale" / "ru" / "LC_MESSAGES" / "django.po", 'msgid "News"')
    write(tmp_path / "requirements.txt", "Django==5.2.19")
    first = release(tmp_path)

    for path, text in [
        ("jinja2/base.html", "<main id='main'>{% block content %}{% endblock %}</main>"),
        ("cstosite/jinja2.py", "GLOBALS = {'url': None}"),
        ("static/css/site.css", "body { margin: 1em }"),
        ("locale/ru/LC_MESSAGES/django.po", 'msgid "News"\nmsgstr "Новости"'),
        ("requirements.txt", "Django==5.2.20"),
        ("jinja2/news/new.html", "{% extends 'base.html' %}"),
    ]:
        before = (tmp_path / path).read_text() if (tmp_path / path).exists() else None
        write(tmp_path / path, text)
        assert release(tmp_path) != first, path
        if before is None:
            (tmp_path / path).unlink()
        else:
            write(tmp_path / path, before)
        assert release(tmp_path) == first, path  # the contents count, not when they changed


def test_the_release_ignores_data_tests_and_notes(tmp_path):
    write(tmp_path / "jinja2" / "base.html", "<main></main>")
    first = release(tmp_path)

    write(tmp_path / "var" / "db.sqlite3", "data")
    write(tmp_path / "var" / "media" / "photo.svg", "<svg/>")
    write(tmp_path / "tests" / "test_pages.py", "def test(): pass")
    write(tmp_path / "docs" / "performance.md", "# Figures")
    write(tmp_path / "jinja2" / "__pycache__" / "cached.py", "compiled")

    assert release(tmp_path) == first


def test_the_running_site_s_release_is_its_own_folder_s(settings):
    assert release() == release(settings.BASE_DIR)
    assert release() != release(settings.BASE_DIR / "tests")
