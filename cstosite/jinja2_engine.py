"""The engine behind the public pages: Django's Jinja2 backend, compiled once per language
and made cheaper to render, with the same output.

What the templates may call is in `cstosite.jinja2`; this is how they are compiled and
run. Each part is measured in docs/performance-history.md ("Compiled per language...", "Escaped
as text..."): a page's fixed text translated when its template is compiled, template
globals as a plain dict, plain functions called straight away, escaped values written
out as text.
"""

from types import FunctionType

import jinja2
from django.conf import settings
from django.template.backends import jinja2 as django_jinja2
from django.utils import translation
from django.utils.autoreload import file_changed
from jinja2.compiler import CodeGenerator
from jinja2.ext import Extension
from jinja2.lexer import Token
from jinja2.runtime import Context
from markupsafe import escape


class Jinja2(django_jinja2.Jinja2):
    """Django's Jinja2 backend, each template compiled once per language.

    `_("...")` with one literal is translated when its template is compiled (see
    `TranslatedLiterals`), so a page's fixed text costs nothing to render: a call to
    `gettext` and its escaping were about 5 µs each, twenty on every page. `env` is the
    environment of the active language; templates rendered for no language known to the
    site use the base environment, which translates at render time.
    """

    def __init__(self, params):
        self.by_language = {}
        super().__init__(params)
        # The development server reloads a changed catalogue without restarting.
        file_changed.connect(self.forget_compiled)

    @property
    def env(self):
        language = translation.get_language()
        try:
            return self.by_language[language]
        except KeyError:
            pass
        if language not in dict(settings.LANGUAGES):
            return self.base
        environment = self.base.overlay(
            extensions=[TranslatedLiterals], cache_size=DEFAULT_CACHE_SIZE
        )
        environment.language = language
        return self.by_language.setdefault(language, environment)

    @env.setter
    def env(self, environment):
        # Django's backend sets the environment it made from the OPTIONS.
        self.base = environment
        self.by_language.clear()

    def forget_compiled(self, sender, file_path, **kwargs):
        if file_path.suffix == ".mo":
            self.by_language.clear()


class CallingContext(Context):
    """Jinja2's template context, calling a plain function straight away.

    Every call in a template (`url(...)`, `published(...)`) goes through `Context.call`,
    which first asks the function, and its `__call__`, whether it wants the context or the
    environment passed in: two failed attribute look-ups and a bound method made, about
    0.7 µs a call, some forty calls a list page. A Python function that was not marked
    with `pass_context` and friends is called as `Context.call` would call it.
    """

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja2's own signature
        if type(__obj) is not FunctionType or "jinja_pass_arg" in __obj.__dict__:
            return super().call(__obj, *args, **kwargs)
        if kwargs:  # what Jinja2 adds to a call in a loop or block
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


try:  # MarkupSafe's own escaping of text, without making the result `Markup`
    from markupsafe import _escape_inner as escape_text
except ImportError:  # another MarkupSafe: the same text, made `Markup` first

    def escape_text(text):
        return str(escape(text))


def escaped(value):
    """`markupsafe.escape(value)` as text, not `Markup`: what a template writes out is
    joined into the page at once, so marking each piece safe (a `str` subclass made per
    expression, a hundred and more a page) is work for nothing."""
    if type(value) is str:
        return escape_text(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape_text(str(value))


class OutputCodeGenerator(CodeGenerator):
    """Jinja2's compiler, writing each `{{ ... }}` out through `escaped()` rather than
    `escape()` where the template escapes (everywhere on this site)."""

    def _output_child_pre(self, node, frame, finalize):
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            return super()._output_child_pre(node, frame, finalize)
        self.write("environment.escaped(")
        if finalize.src is not None:
            self.write(finalize.src)
        return None


class Environment(jinja2.Environment):
    """Jinja2's environment, each template's globals a plain dict, calls made through
    `CallingContext`.

    Jinja2 makes them a `ChainMap` over the environment's globals, so that a change to
    those after a template is loaded still shows; every render then copies it and every
    `{% from ... import %}` compares its keys, in Python: about 20 µs an import, 10 a
    render. The site sets its globals once, when the environment is made.
    """

    context_class = CallingContext
    code_generator_class = OutputCodeGenerator
    escaped = staticmethod(escaped)

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


# Jinja2's own default number of compiled templates kept per environment.
DEFAULT_CACHE_SIZE = 400


class TranslatedLiterals(Extension):
    """`_("text")` becomes the string `"text"` translated into the environment's language
    before the template is parsed: Jinja2 then writes it, escaped, into the compiled
    template's text. Anything else `_(...)` stays a call to `gettext` when rendered."""

    def filter_stream(self, stream):
        tokens = list(stream)
        position = 0
        while position < len(tokens):
            window = tokens[position : position + 4]
            if [token.type for token in window] == ["name", "lparen", "string", "rparen"] and (
                window[0].value == "_" and (position == 0 or tokens[position - 1].type != "dot")
            ):
                with translation.override(self.environment.language):
                    text = translation.gettext(window[2].value)
                yield Token(window[0].lineno, "string", text)
                position += 4
            else:
                yield tokens[position]
                position += 1
