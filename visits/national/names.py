"""The key under which an authority's names meet: documents write 'Bournemouth, Christchurch &
Poole', 'Bristol City Council', 'Kingston upon Hull, City of', 'County Durham' or 'Sefton
Metropolitan Borough Council' for names the publications spell 'Bournemouth, Christchurch and
Poole', 'Bristol', 'Kingston upon Hull', 'Durham' and 'Sefton'."""

import re

# Words around a place name that say what kind of council it is, not which.
_COUNCIL_WORDS = re.compile(
    r"\b(?:(?:royal |london )?borough of|city of|county of|the|council|city|county|borough|"
    r"metropolitan|district|local authority|children'?s services)\b"
)


def name_key(name: str) -> str:
    """'Sefton Metropolitan Borough Council' -> 'sefton'; 'Telford & Wrekin' -> 'telford and
    wrekin'; 'St. Helens' -> 'st helens'. Place names that are only council words ('City of
    London') keep them."""
    text = name.casefold().replace("&", " and ").replace("’", "'")
    text = re.sub(r"[^\w' ]+", " ", text)
    stripped = _COUNCIL_WORDS.sub(" ", text)
    words = stripped.split() or text.split()
    return " ".join(words)
