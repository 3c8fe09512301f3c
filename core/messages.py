"""Messages stored now and read later, in the reader's language.

An alert raised by `heli tick` (no user, no language) or by an English-speaking coordinator was
stored as text in that moment's language, so a Chinese reader saw English and vice versa. A `Msg`
keeps the msgid (the Chinese source string, marked with gettext_noop so makemessages finds it) and
its parameters; it is rendered with `gettext` when shown.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext


@dataclass(frozen=True)
class Msg:
    template: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        """In the active language; a template missing a parameter falls back to the raw template."""
        try:
            return gettext(self.template).format(**self.params)
        except (KeyError, IndexError, ValueError):
            return self.template

    def render_default(self) -> str:
        """In the site's default language (emails: the recipient's language is not known)."""
        with translation.override(settings.LANGUAGE_CODE):
            return self.render()


def msg(template: str, **params: Any) -> Msg:
    """`msg(gettext_noop("求助 {code} 到了回访时间"), code=hr.code)`; params must be JSON values."""
    plain = (int, float, bool, type(None))
    return Msg(template, {k: v if isinstance(v, plain) else str(v) for k, v in params.items()})


def render(template: str, params: dict[str, Any] | None, fallback: str) -> str:
    """A stored (template, params) pair in the active language, or the stored text for old rows."""
    return Msg(template, params or {}).render() if template else fallback
