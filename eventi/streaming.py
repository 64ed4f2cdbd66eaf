"""From a streaming or recording URL to what the page shows: an embeddable player address (loaded
only after the visitor's click) or a plain link. Pure functions: nothing here contacts the internet."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

YOUTUBE_ID = re.compile(r"^[\w-]{11}$")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"}
FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com"}


@dataclass(frozen=True)
class Lettore:
    url: str  # the address the visitor opens (on the third party's site)
    etichetta: str
    piattaforma: str  # "youtube", "facebook", "altro"
    embed: str = ""  # the player's address, loaded only after consent; empty if it cannot be embedded

    @property
    def incorporabile(self):
        return bool(self.embed)

    @property
    def video_singolo(self):
        """One YouTube video, whose player can start at a given second (a channel, a playlist or a
        page of another site cannot)."""
        return self.piattaforma == "youtube" and bool(self.embed)

    @property
    def nome_piattaforma(self):
        return {"youtube": "YouTube", "facebook": "Facebook"}.get(self.piattaforma, urlsplit(self.url).hostname or "")


def id_youtube(url):
    parti = urlsplit(url)
    host = (parti.hostname or "").lower()
    candidato = None
    if host == "youtu.be":
        candidato = parti.path.strip("/").split("/")[0]
    elif host in YOUTUBE_HOSTS:
        segmenti = [s for s in parti.path.split("/") if s]
        if segmenti[:1] == ["watch"]:
            candidato = parse_qs(parti.query).get("v", [None])[0]
        elif len(segmenti) >= 2 and segmenti[0] in ("embed", "live", "shorts", "v"):
            candidato = segmenti[1]
    if candidato and YOUTUBE_ID.match(candidato):
        return candidato
    return None


def piattaforma(url):
    host = (urlsplit(url).hostname or "").lower()
    if host == "youtu.be" or host in YOUTUBE_HOSTS:
        return "youtube"
    if host in FACEBOOK_HOSTS or host in ("fb.me", "fb.watch"):
        return "facebook"
    return "altro"


def lettore(url, *, etichetta="", inizio=None):
    tipo = piattaforma(url)
    embed = ""
    if tipo == "youtube":
        video = id_youtube(url)
        if video:
            # The no-cookie domain: YouTube sets no cookies until the visitor plays the video.
            embed = f"https://www.youtube-nocookie.com/embed/{video}?rel=0"
            if inizio:
                embed += f"&start={int(inizio)}"
    elif tipo == "facebook" and "/videos/" in urlsplit(url).path:
        embed = f"https://www.facebook.com/plugins/video.php?href={quote(url, safe='')}&show_text=false"
    return Lettore(url=url, etichetta=str(etichetta), piattaforma=tipo, embed=embed)
