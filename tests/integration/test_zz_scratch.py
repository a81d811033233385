import re
from django.core.management import call_command
from tests.factories import make_document


def test_scratch(client, db):
    ja = make_document(title="経済", body="日本は経済協力を進める。\n\n外交と経済。", language="ja")
    call_command("update_index", verbosity=0)
    for q in ["経済", "経済協力", "外交"]:
        page = client.get("/search/concordance/", {"q": q}).text
        print(q, re.findall(r'class="kwic__match"[^>]*>(.*?)</td>', page, re.S), re.findall(r'(\d+) (?:occurrences|lines)', page)[:3])
        print(' doc', client.get(ja.get_absolute_url(), {"hl": q}).status_code)
        print(' tl', re.findall(r'<td[^>]*>(\d+)</td>', client.get("/search/timeline/", {"q": q}).text)[:6])
