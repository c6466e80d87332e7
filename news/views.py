import sys

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.views import defaults
from django.views.generic import DetailView, ListView, TemplateView

from languages import switcher
from languages.addresses import of_request, reverse
from languages.translated import texts_in
from news import queries, search, translations
from news.dates import month_bounds, months_with_items, period
from news.forms import SearchForm
from news.models import Item
from news.navigation import back_url, page_of
from news.pagination import PAGE_SIZE, EmptyListing, ItemPaginator
from news.previews import render_preview, shared_link
from news.sitemaps import PAGE_SITEMAPS, ItemSitemap, index_entries

HOME_ITEMS = 6


def home(request):
    """Home page: the latest published items and the sections."""
    latest = queries.PublicListing(get_language())
    context = {
        "items": latest.rows(0, HOME_ITEMS),
        "sections": latest.all_sections(),
        "from_path": of_request(request)("news:home"),
    }
    return render(request, "news/home.html", context)


class HeadAsGet:
    """HEAD answered as GET, as Django's views do; Django sets `self.head = self.get` on
    each view it makes, a bound method by which the view holds itself: a reference cycle
    per request, which only the garbage collector frees (docs/performance-history.md)."""

    def head(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)


class NearestPageMixin(HeadAsGet):
    """Paginated item lists: a bad or out-of-range ?page= shows the nearest valid page,
    and the context carries the list's own address for "Go back" and page links."""

    context_object_name = "items"
    paginate_by = PAGE_SIZE
    defer_rows = True

    def get_paginator(self, queryset, per_page, **kwargs):
        return ItemPaginator(queryset, per_page, defer_rows=self.defer_rows)

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def list_url(self, page=1):
        return page_of(self.first_page_url, page)

    @cached_property
    def first_page_url(self):
        """The list's own address, reversed once for the page and its neighbours."""
        return of_request(self.request)(self.request.resolver_match.view_name, kwargs=self.kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context.update(
            from_path=self.list_url(page.number),
            previous_page_url=self.list_url(page.previous_page_number())
            if page.has_previous()
            else None,
            next_page_url=self.list_url(page.next_page_number()) if page.has_next() else None,
        )
        return context


class ItemListView(NearestPageMixin, ListView):
    """All published news, newest first."""

    template_name = "news/item_list.html"

    def section_slug(self):
        return None

    def get_queryset(self):
        self.listing = queries.PublicListing(get_language(), self.section_slug())
        return self.listing

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # the page's rows, and the sections
        context["sections"] = self.listing.all_sections()
        return context


class SectionView(ItemListView):
    """One section's published items, newest first."""

    def section_slug(self):
        return self.kwargs["section"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slug = self.section_slug()
        section = next((s for s in context["sections"] if s.slug == slug), None)
        if section is None:
            raise Http404("No such section")
        # Arriving from an item that has no version in this language (languages.switcher).
        untranslated = self.request.GET.get(switcher.UNTRANSLATED) is not None
        context.update(section=section, untranslated=untranslated)
        return context


class ItemDetailView(HeadAsGet, DetailView):
    """One item; staff who may view items also see unpublished ones, marked as a preview."""

    template_name = "news/item_detail.html"
    context_object_name = "item"

    def get_queryset(self):
        if self.is_preview_allowed():
            items = Item.objects.with_public_flag(self.now)
        else:
            items = Item.objects.published(self.now)
        return queries.for_item_page(items, get_language(), self.now)

    def is_preview_allowed(self):
        if settings.SESSION_COOKIE_NAME not in self.request.COOKIES:
            return False  # signed in to no one: no need to read a user (a session look-up)
        user = self.request.user
        return user.is_active and user.is_staff and user.has_perm("news.view_item")

    def get(self, request, *args, **kwargs):
        self.now = timezone.now()
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        address = {"section": self.kwargs["section"], "slug": self.kwargs["slug"]}
        if queryset is None and not self.is_preview_allowed():
            # What every reader asks for: the prepared query (news.queries).
            language = get_language()
            found = queries.PUBLIC_ITEM(language=language, now=self.now, **address)
            if len(found) != 1:
                raise Http404("No such item")
            item = found[0]
            # Its section's and contact's texts in the page's language (`texts_in`).
            texts_in([item.section], language)
            if item.press_contact is not None:
                texts_in([item.press_contact], language)
            return item
        queryset = self.get_queryset() if queryset is None else queryset
        try:
            return queryset.get(section__slug=address["section"], slug=address["slug"])
        except Item.DoesNotExist:
            raise Http404("No such item") from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        previous_item, next_item = queries.neighbours(item)
        context.update(
            is_preview=not getattr(item, "is_public", True),
            back_url=back_url(self.request.GET.get("from"), item),
            previous_item=previous_item,
            next_item=next_item,
            phones=queries.phones(item),
            language_urls=translations.item_language_urls(item, of_request(self.request)),
        )
        return context


def shared_preview(request, token):
    """A reviewer without an account sees one item's preview through a share link."""
    response = render_preview(request, shared_link(token).item)
    response["Referrer-Policy"] = "no-referrer"  # the token must not leak to linked sites
    return response


class ArchiveIndexView(HeadAsGet, TemplateView):
    """Years and months that have published items, with their counts."""

    template_name = "news/archive_index.html"

    def get_context_data(self, **kwargs):
        language, now = get_language(), timezone.now()
        months = months_with_items(language, now)
        bounds = month_bounds(months)
        counts = queries.counts_between(bounds, language, now)
        years = {}
        for (year, month), count in zip(months, counts, strict=False):
            if not count:
                continue
            entry = years.setdefault(year, {"year": year, "count": 0, "months": []})
            entry["count"] += count
            entry["months"].append({"number": f"{month:02}", "name": MONTHS[month], "count": count})
        return super().get_context_data(years=list(years.values()), **kwargs)


class ArchivePeriodView(NearestPageMixin, ListView):
    """A year's or a month's published items, newest first, with links to the nearest
    earlier and later periods that have any; an empty or impossible period is 404."""

    template_name = "news/item_archive.html"

    def get(self, request, *args, **kwargs):
        try:
            self.start, self.end = period(self.kwargs["year"], self.kwargs.get("month"))
        except ValueError:
            raise Http404("No such date") from None
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self.listing = queries.PeriodListing(get_language(), self.start, self.end)
        return self.listing

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        if not object_list:
            raise Http404("Nothing was published then")
        return paginator, page, object_list, is_paginated

    def neighbour(self, newer):
        """The date of the nearest published item after (or before) this period."""
        found = self.listing.beyond(newer)
        if found is None:
            return None
        found = timezone.localtime(found)
        return {"date": found, "url": self.period_url(found)}

    def period_url(self, moment):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            year=self.start,
            previous_period=self.neighbour(newer=False),
            next_period=self.neighbour(newer=True),
            # The other language may have nothing in this period: its archive never 404s.
            language_urls=translations.archive_language_urls(self.start.year),
            **kwargs,
        )


class YearArchiveView(ArchivePeriodView):
    def period_url(self, moment):
        return reverse("news:archive-year", kwargs={"year": moment.year})


class MonthArchiveView(ArchivePeriodView):
    def period_url(self, moment):
        return reverse("news:archive-month", kwargs={"year": moment.year, "month": moment.month})

    def get_context_data(self, **kwargs):
        return super().get_context_data(month=self.start, **kwargs)


class SearchView(NearestPageMixin, ListView):
    """Published items matching the reader's words, best first, with filters."""

    template_name = "news/search.html"
    defer_rows = False  # ordered by rank: there is no index to step over

    def get(self, request, *args, **kwargs):
        # The form is given the query, not a method of the view: the view, its form and
        # results would hold each other, left to the garbage collector.
        self.form = SearchForm(request.GET or None, sections=queries.SECTIONS)
        self.query = ""
        if self.form.is_bound and self.form.is_valid():
            self.query = self.form.cleaned_data["q"]
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self.results = None
        if not self.query:
            return EmptyListing()
        data = self.form.cleaned_data
        self.results = queries.SearchResults(
            self.query,
            get_language(),
            timezone.now(),
            section=data["section"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
        return self.results

    def all_sections(self):
        """All the sections (the form lists them): as the form read them to check a chosen
        one, or as the results read them (on their own when nothing was found)."""
        if self.form.read_sections is not None:
            return self.form.read_sections
        return self.results.all_sections() if self.results else queries.SECTIONS()

    def summary(self):
        """How many results, in words: "12 results for “summit”", "More than 1000 ..."
        (only the newest `news.search.MAX_RANKED` are ranked and shown)."""
        count = self.results.match_count() if self.results else 0
        if count > search.MAX_RANKED:
            text = gettext("More than %(counter)s results for “%(query)s”")
        else:
            text = ngettext(
                "%(counter)s result for “%(query)s”",
                "%(counter)s results for “%(query)s”",
                count,
            )
        return text % {"counter": min(count, search.MAX_RANKED), "query": self.query}

    @cached_property
    def address(self):
        """The search's address and the reader's query without its page, as its pages'
        addresses begin."""
        return self.first_page_url, switcher.query_without_page(self.request)[0]

    def list_url(self, page=1):
        url, query = self.address
        query = "&".join(filter(None, [query, f"page={page}" if page > 1 else ""]))
        return f"{url}?{query}" if query else url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            sections=self.all_sections(),
            query=self.query,
            summary=self.summary(),
        )
        # Each item's lead with the matched words marked, escaped (news.search).
        items = context["page_obj"].object_list
        for item, text in zip(items, search.snippets(items, self.query), strict=True):
            item.snippet = mark_safe(text)  # noqa: S308  # nosec B308, B703
        return context


@sitemap_views.x_robots_tag
def sitemap_index(request):
    """The list of this site's sitemaps, for crawlers."""
    return render(
        request,
        "sitemap_index.xml",
        {"sitemaps": index_entries(request)},
        content_type="application/xml",
    )


def sitemap_pages(request):
    """The home, list and press pages and the sections."""
    return sitemap_views.sitemap(request, sitemaps=PAGE_SITEMAPS)


def sitemap_items(request, year, month):
    """One month's published items."""
    try:
        sitemaps = {"items": ItemSitemap(year, month)}
    except ValueError:
        raise Http404("No such month") from None
    return sitemap_views.sitemap(request, sitemaps=sitemaps)


def server_error(request):
    """The 500 page; a short 503 with Retry-After while the database is unreachable.

    Nothing here touches the database. Django drops a broken connection at the end of
    the request (and checks a kept one before reuse), so the site recovers by itself
    once the database is back.
    """
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        page = loader.get_template("503.html").render()
        return HttpResponse(page, status=503, headers={"Retry-After": "30"})
    return defaults.server_error(request)
