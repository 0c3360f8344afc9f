"""How a course video plays: YouTube and Vimeo addresses become their privacy-friendly embed
players (the hosts the content security policy allows); any other https address plays in the
browser's own player."""

from __future__ import annotations

import re
from dataclasses import dataclass

_YOUTUBE = re.compile(
    r"^https://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?(?:.*&)?v=|embed/|shorts/)|youtu\.be/)"
    r"([A-Za-z0-9_-]{11})"
)
_VIMEO = re.compile(r"^https://(?:www\.|player\.)?vimeo\.com/(?:video/)?(\d+)")


@dataclass(frozen=True)
class Player:
    kind: str  # "frame" or "video"
    src: str


def player_for(url: str) -> Player:
    found = _YOUTUBE.match(url)
    if found:
        return Player("frame", f"https://www.youtube-nocookie.com/embed/{found.group(1)}")
    found = _VIMEO.match(url)
    if found:
        return Player("frame", f"https://player.vimeo.com/video/{found.group(1)}")
    return Player("video", url)
