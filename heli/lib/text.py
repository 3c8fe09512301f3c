import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalise_address(text: str) -> str:
    """Fold width, case and spacing so '1栋 2单元' and '1栋2单元' compare equal."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or "")).lower()
