"""Site furniture in text copied from a web page: link bars, menus, banners, breadcrumbs, page numbers.

A page saved or dumped as text keeps everything around its article: "Skip to main content", "繁體 | 简体 | Text
Size", a cookie banner, the site's menu, "Home > Finance", "Share: Facebook X WhatsApp", "2020 © news.gov.hk".
None of it is the document's text, and none of it may become its title or a heading.

>>> is_furniture("Government Information Centre Traditional Chinese Simplified Chinese  Search Site Map")
True
>>> is_furniture("Search for talent abroad"), is_furniture("Contents | Next")
(False, True)
>>> is_furniture("Skip to main content  Skip to search  Skip to main menu"), is_furniture("Small Medium Large")
(True, True)
"""

from __future__ import annotations

import itertools
import re

# One piece of furniture: a link or button label that is nothing else. The line must be made of these alone.
_ITEM = (r"(?:(?:skip|go|jump) to (?:the )?(?:main )?(?:content|menu|search|navigation)|skip navigation|"
         r"(?:main )?menu|home|search|site ?map|print(?: this page)?|email this (?:article|page)|"
         r"share(?: this page)?|back to top|top|text size|font size|a a a|small medium large|"
         r"accept(?: all)?(?: cookies)?|reject(?: all)?|learn more|important notices?|"
         r"privacy policy|copyright notice|disclaimer|contact us|about us|accessibility|english|繁體版?|简体版?|"
         r"中文|繁|简|traditional chinese|simplified chinese|facebook|whatsapp|e-?mail|x|twitter|weibo|wechat|"
         r"linkedin|youtube|instagram|brand hong kong|government information centre|govhk|contents|next|"
         r"previous|prev|related links|[\w-]+(?:\.[\w-]+)*\.(?:gov\.hk|org\.hk|com\.hk|hk|com|org))")
# A line of such pieces, bare or apart by bars or dots: "繁體 | 简体 | Text Size | Search", "Accept Reject".
_RUN = re.compile(rf"\s*{_ITEM}(?:\s*[|·•/]?\s*{_ITEM})*\s*:?\s*", re.IGNORECASE)
# Furniture that runs on to the end of its line (and, wrapped, over the next): a cookie banner, a copyright or
# revision line, a share bar.
_OPEN = re.compile(r"\s*(?:this (?:web)?site uses cookies\b.*|copyright\b.*|(?:\d{4}\s*)?©.*|last revision date\b.*|"
                   r"share:.*)", re.IGNORECASE)
# A breadcrumb trail, "Home > Finance", and a line that is only a page number.
_BREADCRUMB = re.compile(r"\s*(?:home|主頁|首頁|主页|首页)\s*>.*", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*|\s*-\s*\d{1,4}\s*-\s*", re.IGNORECASE)
# A site's banner: "Trade and Industry Department The Government of the Hong Kong Special Administrative Region".
_BANNER = re.compile(r".*\bthe government of the hong kong special administrative region\b.*|"
                     r"brand hong kong\b.*|.*\basia'?s world city", re.IGNORECASE)
#: An open-ended line of furniture shorter than this stands alone; a longer one may be a banner's first line,
#: which a text browser wrapped, and is judged once joined to the rest.
SHORT_FURNITURE = 60

# A menu item: a bullet of one to three words, or such a line bare: no figure, no closing punctuation.
_MENU_ITEM = re.compile(r"(?:- )?[^\W\d_][^\d.;:,!?。，]{0,40}")
#: Items of that kind in a row that make a site's menu rather than a document's list or heading path.
MENU_MIN_BULLETS = 4
MENU_MIN_LINES = 5


def is_furniture(line: str) -> bool:
    """Whether a whole line is site furniture: a link bar, a banner, a breadcrumb, a page number."""
    return bool(_RUN.fullmatch(line) or _OPEN.fullmatch(line) or _BREADCRUMB.fullmatch(line)
                or _PAGE_NUMBER.fullmatch(line))


def is_banner(line: str) -> bool:
    """Whether a line is a government site's banner: its name over the department's, never a page's title."""
    return bool(_BANNER.fullmatch(line))


def ends_paragraph(line: str) -> bool:
    """Whether a line of furniture ends the paragraph above it, before wrapped lines are joined.

    "Share: Facebook X WhatsApp" under a story's last line, which ran to the margin, is not part of it; the
    first line of a wrapped cookie banner ("This website uses cookies to improve your browsing experience. By")
    goes on over the next, and is left to be judged whole.
    """
    return bool(_RUN.fullmatch(line) or _BREADCRUMB.fullmatch(line) or _PAGE_NUMBER.fullmatch(line)
                or (len(line) < SHORT_FURNITURE and _OPEN.fullmatch(line)))


def menus(lines: list[str]) -> set[int]:
    """Indexes of a site's menus: bullets of a few words in a row, or, before the text starts, such bare lines.

    A document's heading path is two or three lines in a row at most; a page's menu, copied as text, five
    labels or more ("Budget Speech", "Press Releases", "Related Documents", ...), ahead of the article.

    >>> sorted(menus(["- Home", "- About ITF", "- Funding Programmes", "- FAQ", "We will act."]))
    [0, 1, 2, 3]
    >>> sorted(menus(["Budget Speech", "Press Releases", "Related Documents", "Previous Budgets", "Related Links",
    ...               "", "Madam President,", "Chapter One", "Growth", "Jobs", "Housing", "Land"]))
    [0, 1, 2, 3, 4]
    """
    found: set[int] = set()
    text_started = False
    for is_item, group in itertools.groupby(enumerate(lines), key=lambda item: bool(_MENU_ITEM.fullmatch(item[1]))):
        run = [index for index, _ in group]
        bullets = [index for index in run if lines[index].startswith("- ")]
        if is_item and (len(bullets) >= MENU_MIN_BULLETS
                        or (not text_started and len(run) - len(bullets) >= MENU_MIN_LINES)):
            found.update(run)
        elif not is_item and any(lines[index] for index in run):
            text_started = True
    return found
