"""``assistant add`` and ``assistant sync`` against a real HTTP server on loopback that changes and withdraws pages."""

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.config import Settings
from assistant.index.loaded import PolicyIndex
from assistant.ingest.corpus import read_corpus
from assistant.ingest.documents import CorpusError
from assistant.ingest.sources import WITHDRAWN_FOLDER, add, sync
from assistant.service import Assistant, index_builder

PAGE = """<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body>
<a href="#main">Skip to main content</a><nav><a href="/">Home</a></nav>
<main id="main"><article><h1>{title}</h1><h2 id="support">Support</h2>
<p>{body}</p><ul><li>The Government will review the scheme in 2027.</li></ul></article></main>
<footer>Important Notices | Privacy Policy</footer></body></html>"""


class Site:
    """Pages by path: (status, html); counts the requests that came with a validator."""

    def __init__(self):
        self.pages = {}
        self.conditional = 0

    def handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                status, body = site.pages.get(self.path, (404, ""))
                data = body.encode()
                etag = '"' + hashlib.sha256(data).hexdigest()[:12] + '"'
                if self.headers.get("If-None-Match"):
                    site.conditional += 1
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def site():
    pages = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), pages.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    pages.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield pages
    server.shutdown()


def _page(title, body):
    return 200, PAGE.format(title=title, body=body)


def test_add_sync_changes_and_withdrawals(tmp_path, corpus_copy, site, embedder):
    site.pages["/grants.html"] = _page("Harbour Grant Scheme", "The Harbour Grant Scheme gives shops up to $40,000.")
    site.pages["/ferry.html"] = _page("Ferry Pass Pilot", "The Ferry Pass Pilot gives pensioners free island ferries.")
    settings = Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "index")
    grants = add(corpus_copy, f"{site.base}/grants.html")
    ferry = add(corpus_copy, f"{site.base}/ferry.html")
    documents = {d.doc_id: d for d in read_corpus(corpus_copy).documents}
    assert documents[grants.relative_to(corpus_copy).with_suffix("").as_posix()].url == f"{site.base}/grants.html"
    first = index_builder(settings, embedder).build()
    chunk = next(c for c in PolicyIndex.load(settings).chunks if "$40,000" in c.text)
    assert chunk.document_title == "Harbour Grant Scheme" and chunk.url == f"{site.base}/grants.html#support"

    report = sync(corpus_copy)
    assert (len(report.unchanged), report.changed, report.withdrawn) == (2, [], [])
    assert site.conditional == 2

    site.pages["/grants.html"] = _page("Harbour Grant Scheme", "The Harbour Grant Scheme gives shops up to $60,000.")
    site.pages["/ferry.html"] = (410, "gone")
    report = sync(corpus_copy)
    assert report.changed == [grants.relative_to(corpus_copy).as_posix()]
    assert report.withdrawn == [ferry.relative_to(corpus_copy).as_posix()]
    assert not ferry.exists() and (corpus_copy / WITHDRAWN_FOLDER / ferry.relative_to(corpus_copy)).exists()

    second = index_builder(settings, embedder).build()
    assert second.status == "built" and 0 < second.embedded <= 2 and second.reused >= first.chunks - 4
    index = PolicyIndex.load(settings)
    assert not any("Ferry" in c.text for c in index.chunks)
    assert any("$60,000" in c.text for c in index.chunks) and not any("$40,000" in c.text for c in index.chunks)
    answer = Assistant(settings, index, embedder).ask("Do pensioners get free ferries to the islands?")
    assert all("Ferry" not in c.text for c in answer.citations)


def test_a_page_that_cannot_be_loaded_is_not_added_and_a_failed_fetch_keeps_the_copy(tmp_path, corpus_copy, site):
    site.pages["/empty.html"] = (200, "<html><body></body></html>")
    with pytest.raises(CorpusError, match=r"empty\.html: no article text"):
        add(corpus_copy, f"{site.base}/empty.html")
    assert not list((corpus_copy / "web").iterdir())
    site.pages["/page.html"] = _page("Harbour Grant Scheme", "The Harbour Grant Scheme gives shops up to $40,000.")
    page = add(corpus_copy, f"{site.base}/page.html")
    site.pages["/page.html"] = (500, "")
    report = sync(corpus_copy)
    assert page.exists() and len(report.failed) == 1 and "500" in report.failed[0]
