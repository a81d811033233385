"""The local OpenSearch cluster of ``make opensearch``: three nodes, each its own process, that keep
answering when one is killed, and that ``start`` brings back to green by starting only that one.

The cluster runs on free ports under the test's own temporary folder, so it meets neither a cluster
of ``make opensearch`` nor another worker's. It takes about a minute: Maven copying the jars from
its local repository, three JVMs starting on two cores, one starting again."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

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


@pytest.fixture
def cluster(tmp_path):
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
