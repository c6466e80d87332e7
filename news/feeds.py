"""RSS and Atom feeds of all news and of each section (published items only)."""

import datetime
import functools
import io
import re
from xml.sax.saxutils import XMLGenerator, escape

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, rfc2822_date
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.xmlutils import SimplerXMLGenerator

from languages.addresses import reverse, reverser
from news import queries
from news.models import Section

FEED_ITEMS = 20


# What XML 1.0 cannot hold: the C0 control characters but tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F]")


class QuickXMLGenerator(SimplerXMLGenerator):
    """Django's XML writer for feeds, with two differences.

    An element holding only text (most of a feed: a title, a link, a date) is written in
    one piece, where Django's writer opens it, checks and writes the text and closes it,
    each a call of its own: 150 µs of an RSS feed's 420 to write. And a control character
    that XML cannot hold (a word processor's line break pasted into a title or lead) is
    left out, as a page shows nothing for it, where Django's writer raises and the feed
    that lists the item would fail for every reader.
    """

    def addQuickElement(self, name, contents=None, attrs=None):
        if attrs or type(contents) is not str or not contents:
            return super().addQuickElement(name, contents, attrs)
        self._finish_pending_start_element()
        self._write(f"<{name}>{escape(CONTROL_CHARACTERS.sub('', contents))}</{name}>")

    def characters(self, content):
        if content:
            content = CONTROL_CHARACTERS.sub("", content)
        XMLGenerator.characters(self, content)


class QuickWriting:
    """How the site's feed generators write: with `QuickXMLGenerator`, and in one piece.

    Django's generators hand each tag to the response on its own, and a WSGI server sends
    what a response holds piece by piece: hundreds of writes to the socket (and to the
    response object), where the whole feed is one. They write text here, encoded once (to
    bytes, Django's writer would push each of its 570 pieces through an encoder).
    """

    def write(self, outfile, encoding):
        buffer = io.StringIO()
        self.write_document(QuickXMLGenerator(buffer, encoding, short_empty_elements=True))
        outfile.write(buffer.getvalue().encode(encoding))


DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ONE_MINUTE = datetime.timedelta(minutes=1)


def rfc2822(moment):
    """`rfc2822_date(moment)`, Django's RSS date (`Tue, 01 Dec 2026 20:33:56 +0000`), the
    same text: written straight for an aware moment whose offset is whole minutes, where
    `email.utils` takes its time tuple and formats its offset with `strftime` (3 µs a date,
    twenty a feed)."""
    offset = moment.utcoffset() if isinstance(moment, datetime.datetime) else None
    if offset is None or offset % ONE_MINUTE:
        return rfc2822_date(moment)
    # Equal moments with other offsets are written differently: the offset is in the key.
    return _rfc2822(moment, offset)


# A feed shows the same items to every reader: each date is written once.
@functools.lru_cache(maxsize=4096)
def _rfc2822(moment, offset):
    minutes = offset // ONE_MINUTE
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return (
        f"{DAYS[moment.weekday()]}, {moment.day:02} {MONTHS[moment.month - 1]} {moment.year:04}"
        f" {moment.hour:02}:{moment.minute:02}:{moment.second:02} {sign}{hours:02}{minutes:02}"
    )


class RssFeed(QuickWriting, Rss201rev2Feed):
    """Django's RSS 2.0, written the site's way (the steps of Django's `write()`)."""

    def add_item_elements(self, handler, item):
        """Django's elements of an item, in its order, for the items these feeds make (a
        title, link, description, date, guid and category), the date by `rfc2822()`."""
        if (  # what Django's item can hold and the site's never have: written by Django
            item["pubdate"] is None
            or item["author_name"]
            or item["author_email"]
            or item["comments"] is not None
            or item["ttl"] is not None
            or item["enclosures"]
            or item.get("unique_id_is_permalink") is not None
        ):
            return super().add_item_elements(handler, item)
        handler.addQuickElement("title", item["title"])
        handler.addQuickElement("link", item["link"])
        if item["description"] is not None:
            handler.addQuickElement("description", item["description"])
        handler.addQuickElement("pubDate", rfc2822(item["pubdate"]))
        if item["unique_id"] is not None:
            handler.addQuickElement("guid", item["unique_id"])
        for category in item["categories"]:
            handler.addQuickElement("category", category)
        return None

    def write_document(self, handler):
        handler.startDocument()
        self.add_stylesheets(handler)
        handler.startElement("rss", self.rss_attributes())
        handler.startElement("channel", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")


class AtomFeed(QuickWriting, Atom1Feed):
    """Django's Atom 1.0, written the site's way (the steps of Django's `write()`)."""

    def write_document(self, handler):
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


def linked(items):
    """`items`, each with its address as `link`, made through one reverser for the feed
    (languages.addresses): Django's feed asks each item for its own; and its section's
    title as `category`, in the feed's language, read once."""
    addresses = reverser()
    title = Section.local_title
    for item in items:
        item.link = item.get_absolute_url(addresses)
        item.category = title.of(item.section, addresses.language)
    return items


class LatestNewsFeed(Feed):
    feed_type = RssFeed
    title = _("CSTO: all news")
    description = _(
        "News, statements and commentary of the Collective Security Treaty Organization."
    )

    def get_feed(self, obj, request):
        """What Django's `Feed.get_feed` makes of these feeds' attributes, for the ones
        they have: Django reads some twenty attributes of every item through
        `_get_dynamic_attr`, inspecting the method each time, and quotes every link again
        as it puts the domain before it (a third of a feed's time)."""
        secure = request.is_secure()
        domain = get_current_site(request).domain
        feed = self.feed_type(
            title=self._get_dynamic_attr("title", obj),
            subtitle=self._get_dynamic_attr("subtitle", obj),
            link=add_domain(domain, self._get_dynamic_attr("link", obj), secure),
            description=self._get_dynamic_attr("description", obj),
            language=get_language(),
            feed_url=add_domain(domain, request.path, secure),
        )
        # `reverse()` quotes what it returns, so the site's address is all the domain adds.
        site = add_domain(domain, "", secure)
        for item in self._get_dynamic_attr("items", obj):
            link = site + self.item_link(item)
            feed.add_item(
                title=self.item_title(item),
                link=link,
                description=self.item_description(item),
                unique_id=link,
                pubdate=self.item_pubdate(item),
                updateddate=self.item_updateddate(item),
                categories=self.item_categories(item),
            )
        return feed

    def link(self):
        return reverse("news:index")

    def items(self):
        return linked(
            queries.FEED_ENTRIES(0, FEED_ITEMS, language=get_language(), now=timezone.now())
        )

    def item_link(self, item):
        return item.link

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.category]


class LatestNewsAtomFeed(LatestNewsFeed):
    feed_type = AtomFeed
    subtitle = LatestNewsFeed.description


class SectionFeed(LatestNewsFeed):
    def get_object(self, request, section):
        found = queries.SECTION(slug=section)
        if not found:
            raise Http404("No such section")
        return found[0]

    def title(self, section):
        return _("CSTO: %(section)s") % {"section": section.local_title}

    def description(self, section):
        return section.local_description or section.local_title

    def link(self, section):
        return section.get_absolute_url()

    def items(self, section):
        return linked(
            queries.SECTION_FEED_ENTRIES(
                0,
                FEED_ITEMS,
                language=get_language(),
                now=timezone.now(),
                section=section.pk,
            )
        )


class SectionAtomFeed(SectionFeed):
    feed_type = AtomFeed

    def subtitle(self, section):
        return self.description(section)
