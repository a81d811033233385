"""The local OpenSearch cluster of ``make opensearch``: three nodes, each its own process, that keep
answering when one is killed, and that ``start`` brings back to green by starting only that one; and the
archive's searches on it, which give the same answers while a node is killed under them.

The cluster runs on free ports under the test's own temporary folder, so it meets neither a cluster
of ``make opensearch`` nor another worker's. It takes about a minute: Maven copying the jars from
its local repository, three JVMs starting on two cores, one starting again."""
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from archive.settings import search_connection
from tests.conftest import search_connection_info

LAUNCHER = Path(__file__).resolve().parents[2] / "speeches" / "search" / "engines" / "opensearch" / "cluster"
NODE_NAMES = ["node-1", "node-2", "node-3"]
QUERY = {"query": {"match": {"title": "assembly"}}}


@dataclass
class LocalCluster:
    folder: Path
    environ: dict
    urls: dict
    ports: list

    def run(self, command):
        return subprocess.run([sys.executable, str(LAUNCHER), command], env=self.environ,
                              capture_output=True, text=True, timeout=300)

    def pids(self):
        return {name: int((self.folder / f"{name}.pid").read_text()) for name in NODE_NAMES
                if (self.folder / f"{name}.pid").exists()}


def free_ports(count):
    """Return ports nothing listens on: the kernel's choice for sockets bound to port 0."""
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A cluster of the module's own (not started: each test starts it, as ``make opensearch`` would)."""
    tmp_path = tmp_path_factory.mktemp("cluster")
    ports = free_ports(6)
    http_ports, transport_ports = ports[:3], ports[3:]
    environ = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path), "OPENSEARCH_CLUSTER_NAME": "archive-test",
               "OPENSEARCH_HTTP_PORTS": ",".join(map(str, http_ports)),
               "OPENSEARCH_TRANSPORT_PORTS": ",".join(map(str, transport_ports))}
    urls = {name: f"http://127.0.0.1:{port}" for name, port in zip(NODE_NAMES, http_ports)}
    local_cluster = LocalCluster(tmp_path / "opensearch", environ, urls, ports)
    yield local_cluster
    local_cluster.run("stop")


def request(url, method="GET", body=None):
    data = json.dumps(body).encode() if body is not None else None
    http_request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(http_request, timeout=30) as response:
        return json.load(response)


def search(url):
    """Return the hits (id and source) of every shard; fail on a partial answer."""
    answer = request(f"{url}/speeches/_search", "POST", QUERY)
    assert answer["_shards"]["failed"] == 0, answer["_shards"]
    return [(hit["_id"], hit["_source"]) for hit in answer["hits"]["hits"]]


def health(url):
    return request(f"{url}/_cluster/health")


def wait_for_node_count(url, count, seconds=60):
    deadline = time.monotonic() + seconds
    while health(url)["number_of_nodes"] != count:
        assert time.monotonic() < deadline, f"the cluster did not come to {count} nodes in {seconds} s"
        time.sleep(0.5)


def port_is_open(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


ARCHIVE_QUERIES = ['"a world of friendship is a world of peace"', "friendship", "peace -war", '"Thank you"',
                   "cooperation kind:speech", "amity OR pomegranate", "lang:zh 和平", "year:2023 development"]


def answers(client):
    """Return each query's search page: status, and the links of its hits in order."""
    pages = {query: client.get("/search/", {"q": query, "sort": "oldest"}) for query in ARCHIVE_QUERIES}
    return {query: (page.status_code, page.context["page_obj"].paginator.count if page.status_code == 200 else None,
                    [hit.document.pk for hit in page.context["hits"]] if page.status_code == 200 else None)
            for query, page in pages.items()}


def node_holding_primary(url, index):
    shards = request(f"{url}/_cat/shards/{index}?format=json")
    return next(shard["node"] for shard in shards if shard["prirep"] == "p")


def test_the_archive_answers_the_same_while_a_node_is_killed_under_its_searches(cluster, client, transactional_db,
                                                                                 seed_archive):
    started = cluster.run("start")
    assert started.returncode == 0, started.stdout + started.stderr
    hosts = ",".join(url.removeprefix("http://") for url in cluster.urls.values())
    info = {"default": {**search_connection(f"opensearch://{hosts}/archive"), "REPLICAS": 1}}
    with search_connection_info(info, settings):
        seed_archive.load()
        call_command("update_index", verbosity=0)
        first_url = cluster.urls["node-1"]
        request(f"{first_url}/_cluster/health/archive?wait_for_status=green&timeout=30s")
        before = answers(client)
        assert all(status == 200 for status, _, _ in before.values()) and any(ids for _, _, ids in before.values())

        during, stop = [], threading.Event()
        searching = threading.Thread(target=lambda: [during.append(answers(client)) for _ in iter(stop.is_set, True)])
        searching.start()
        time.sleep(1)
        killed = node_holding_primary(first_url, "archive")  # its copy of every document goes with it
        os.kill(cluster.pids()[killed], signal.SIGKILL)
        survivor_url = next(url for name, url in cluster.urls.items() if name != killed)
        wait_for_node_count(survivor_url, 2)
        time.sleep(1)
        stop.set()
        searching.join(timeout=120)
        after = answers(client)
    assert len(during) >= 2 and all(answer == before for answer in during), "an answer changed while a node died"
    assert after == before


def test_cluster_keeps_answering_without_a_killed_node_and_start_brings_back_only_that_one(cluster):
    started = cluster.run("start")
    assert started.returncode == 0, started.stdout + started.stderr
    first_url = cluster.urls["node-1"]
    assert (health(first_url)["status"], health(first_url)["number_of_nodes"]) == ("green", 3)
    assert sorted(node["name"] for node in request(f"{first_url}/_cat/nodes?format=json")) == NODE_NAMES
    pids = cluster.pids()
    assert len(set(pids.values())) == 3

    # Three shards, each with a replica: whichever node goes, every shard keeps a copy.
    request(f"{first_url}/speeches", "PUT", {"settings": {"number_of_shards": 3, "number_of_replicas": 1}})
    request(f"{first_url}/_cluster/health/speeches?wait_for_status=green&timeout=30s")
    document = {"title": "Address to the General Assembly"}
    request(f"{first_url}/speeches/_doc/1?refresh=true", "PUT", document)
    assert search(first_url) == [("1", document)]

    # The hardest node to lose: the elected cluster manager.
    killed = request(f"{first_url}/_cat/cluster_manager?format=json")[0]["node"]
    survivor_url = next(url for name, url in cluster.urls.items() if name != killed)
    os.kill(pids[killed], signal.SIGKILL)
    wait_for_node_count(survivor_url, 2)
    assert search(survivor_url) == [("1", document)]

    restarted = cluster.run("start")
    assert restarted.returncode == 0, restarted.stdout + restarted.stderr
    assert restarted.stdout.count(": started") == 1 and f"{killed}: started" in restarted.stdout
    new_pids = cluster.pids()
    assert {name: pid for name, pid in new_pids.items() if name != killed} == \
        {name: pid for name, pid in pids.items() if name != killed}
    assert new_pids[killed] != pids[killed]
    assert (health(cluster.urls[killed])["status"], health(cluster.urls[killed])["number_of_nodes"]) == ("green", 3)
    assert search(cluster.urls[killed]) == [("1", document)]

    stopped = cluster.run("stop")
    assert stopped.returncode == 0, stopped.stdout + stopped.stderr
    assert list(cluster.folder.glob("*.pid")) == []
    assert [port for port in cluster.ports if port_is_open(port)] == []
