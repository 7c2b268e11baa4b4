"""Feed polling in the core: which feeds are due, what their items become, how a feed backs off
(:mod:`.polling`); adding, re-enabling and describing feeds (:mod:`.feedops`); the key an item is
known by (:mod:`.urls`). Fetching over HTTP and parsing are adapters' work (``adapters/feeds``)."""
