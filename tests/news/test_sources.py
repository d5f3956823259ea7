import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from clusterdesk.news.records import SourceDocument, SourceError
from clusterdesk.news.sources import SourceOptions, decode_bytes, read_sources

TEXT = "Ректор ТУСУРа Виктор Рулевский выступил модератором круглого стола в Новосибирске."


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251", "koi8-r"])
def test_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / f"news-{encoding}.txt"
    path.write_bytes(TEXT.encode(encoding))
    [doc] = list(read_sources([path]))
    assert isinstance(doc, SourceDocument)
    assert doc.text == TEXT
    assert doc.encoding == encoding


def test_decode_prefers_the_reading_with_lower_case_letters():
    text, encoding = decode_bytes(TEXT.encode("koi8-r"))
    assert (text, encoding) == (TEXT, "koi8-r")


def test_bad_items_give_errors_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "a_good.txt"
    good.write_text(TEXT, encoding="utf-8")
    empty = tmp_path / "b_empty.txt"
    empty.write_bytes(b"   \n")
    binary = tmp_path / "c_binary.txt"
    binary.write_bytes(bytes(range(256)) * 3)
    huge = tmp_path / "d_huge.txt"
    huge.write_bytes(b"x" * 2048)
    missing = tmp_path / "e_missing.txt"
    results = list(read_sources([good, empty, binary, huge, missing], SourceOptions(max_bytes=1024)))
    assert isinstance(results[0], SourceDocument)
    errors = results[1:]
    assert all(isinstance(e, SourceError) for e in errors)
    for error, path in zip(errors, [empty, binary, huge, missing], strict=True):
        assert str(path) in error.message
    assert "пуст" in errors[0].message
    assert "двоичн" in errors[1].message
    assert "больш" in errors[2].message


def test_directory_is_read_in_order(tmp_path):
    (tmp_path / "b.txt").write_text("Вторая новость о Томске.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Первая новость о Томске.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Скрытый файл.", encoding="utf-8")
    docs = list(read_sources([tmp_path]))
    assert [d.text for d in docs] == ["Первая новость о Томске.", "Вторая новость о Томске."]


ARTICLE = """<html><head><title>ТУСУР и МТС подписали соглашение</title>
<meta name="author" content="Ольга Шмырева">
<meta property="article:published_time" content="2025-05-20T10:00:00+07:00"></head>
<body><nav><a href="/">Главная</a> | <a href="/news">Новости</a></nav>
<article><h1>ТУСУР и МТС подписали соглашение</h1>
<p>ПАО «МТС» и Томский государственный университет систем управления и радиоэлектроники подписали соглашение
о сотрудничестве в области развития образовательных программ университета.</p>
<p>Соглашение направлено на развитие образовательного и научного потенциала университета и студентов,
реализацию совместных мероприятий в области подготовки профильных специалистов.</p></article>
<footer>© 2025 Новости Томска. Все права защищены.</footer></body></html>"""


def test_html_file_via_trafilatura(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(ARTICLE, encoding="cp1251")
    [doc] = list(read_sources([path]))
    assert isinstance(doc, SourceDocument)
    assert doc.is_extracted
    assert "подписали соглашение" in doc.text
    assert "Все права защищены" not in doc.text
    assert doc.title == "ТУСУР и МТС подписали соглашение"
    assert doc.published is not None and doc.published.isoformat() == "2025-05-20"


@pytest.fixture()
def local_site(tmp_path):
    (tmp_path / "article.html").write_text(ARTICLE, encoding="utf-8")
    feed = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Новости</title><link>http://127.0.0.1/</link><description>d</description>
<item><title>ТУСУР и МТС</title><link>{base}/article.html</link>
<pubDate>Tue, 20 May 2025 10:00:00 +0700</pubDate></item>
<item><title>Только анонс</title><link>{base}/missing.html</link>
<description>&lt;p&gt;Губернатор Томской области Владимир Мазур посетил технопарк.&lt;/p&gt;
</description></item>
</channel></rss>"""
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    (tmp_path / "feed.rss").write_text(feed.replace("{base}", base), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


def test_url_and_rss_from_a_local_server(local_site):
    [page] = list(read_sources([f"{local_site}/article.html"]))
    assert isinstance(page, SourceDocument) and "соглашение" in page.text
    entries = list(read_sources([f"{local_site}/feed.rss"]))
    assert len(entries) == 2
    first, second = entries
    assert isinstance(first, SourceDocument) and "Соглашение направлено" in first.text
    assert first.published is not None
    assert isinstance(second, SourceDocument) and "Мазур" in second.text  # summary when the page is missing
    [missing] = list(read_sources([f"{local_site}/nothing.html"]))
    assert isinstance(missing, SourceError) and "nothing.html" in missing.message
