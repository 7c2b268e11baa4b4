"""Feeds from the outside world: the HTTP fetcher with its SSRF guard (:mod:`.fetcher`,
:mod:`.ssrf`), the feed parser (:mod:`.feedparse`) and OPML import (:mod:`.opml`)."""
