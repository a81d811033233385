"""Start, stop or report on a local OpenSearch cluster of three nodes, each its own JVM.

    python speeches/search/engines/opensearch/cluster start|stop|status

Run by path, not with ``python -m``: importing the package ``speeches.search`` sets up Django, and
this launcher needs nothing but the standard library, Java and Maven.

OpenSearch is not installed on this machine and its distribution cannot be downloaded here, so the
jars come from Maven Central (``pom.xml`` beside this file) and are laid out as the distribution lays
them out: ``lib/`` on the class path, each module in ``modules/<name>/`` with the descriptor (and
security policy) that its zip would carry. Each node runs OpenSearch's own entry point, as
``bin/opensearch`` does. No plugins, so no security plugin: plain HTTP on the loopback address.

Under ``$ARCHIVE_DATA_DIR/opensearch/``::

    distribution/             lib/, modules/ and plugins/, shared by the nodes; made again when pom.xml changes
    node-<n>/config/          opensearch.yml and log4j2.properties, written each time the node starts
    node-<n>/data/  node-<n>/logs/node.log  node-<n>/tmp/
    node-<n>.pid

The environment may change (defaults in brackets): OPENSEARCH_HTTP_PORTS [9201,9202,9203], one
node for each; OPENSEARCH_TRANSPORT_PORTS [each HTTP port + 100]; OPENSEARCH_HOST [127.0.0.1];
OPENSEARCH_CLUSTER_NAME [archive]; OPENSEARCH_HEAP [512m]; OPENSEARCH_START_TIMEOUT [180 seconds];
JAVA_HOME [the java on PATH]. A test suite runs a cluster of its own on other ports and folders.
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

POM = Path(__file__).resolve().parent / "pom.xml"
PROJECT = POM.parents[5]
MAIN_CLASS = "org.opensearch.bootstrap.OpenSearch"

# 512 MB of heap a node: the archive's index (10,000-100,000 documents) needs far less, and three
# nodes then take about 2.5 GB with the JVM's own memory, leaving most of a 24 GB machine to the page
# cache Lucene reads the index through, and to the site, its tests and their browser.
DEFAULT_HEAP = "512m"

# What the distribution's jvm.options and launcher (SystemJvmOptions) add for OpenSearch 2.19 on
# Java 17, less heap dumps, GC logs and pre-touching the heap (which would make all of it resident).
JVM_OPTIONS = [
    "-XX:+UseG1GC", "-XX:G1ReservePercent=25", "-XX:InitiatingHeapOccupancyPercent=30",
    "-XX:-OmitStackTraceInFastThrow", "-XX:+ShowCodeDetailsInExceptionMessages",
    "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8", "-Djava.locale.providers=SPI,COMPAT",
    "-Dio.netty.noUnsafe=true", "-Dio.netty.noKeySetOptimization=true",
    "-Dio.netty.recycler.maxCapacityPerThread=0", "-Dio.netty.allocator.numDirectArenas=0",
    "-Dlog4j.shutdownHookEnabled=false", "-Dlog4j2.disable.jmx=true",
    # JNA may not load its native library: with it, OpenSearch refuses to start as root ("can not run
    # opensearch as root"), and this machine's sessions and CI run as root. Without it the node logs
    # that native methods (memory lock, system call filter) are off, which a cluster on 127.0.0.1 can do
    # without. The jar stays on the class path, as OpenSearch's classes refer to it.
    "-Djna.nosys=true", "-Djna.noclasspath=true",
]

# The distribution's console layout; the node's output goes to node-<n>/logs/node.log.
LOG4J2_PROPERTIES = """\
status = error
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
"""

# The transport-netty4 module's plugin-security.policy, as OpenSearch ships it in the module's zip
# (modules/transport-netty4/src/main/plugin-metadata/ in its source): the jar on Maven Central leaves
# it out, and OpenSearch 2.x runs its modules under a security manager.
NETTY_POLICY = """\
grant {
  permission java.io.FilePermission "/proc/sys/net/core/somaxconn", "read";
  permission java.net.SocketPermission "*", "accept,connect";
  permission java.lang.RuntimePermission "*", "setContextClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
  permission java.util.PropertyPermission "sun.nio.ch.bugLevel", "write";
};
"""

# The lang-painless module's plugin-security.policy as OpenSearch ships it (its jar leaves it out too).
PAINLESS_POLICY = """\
grant {
  permission java.lang.RuntimePermission "createClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
};
"""


@dataclass(frozen=True)
class Module:
    """A module of the distribution: its plugin class and which of the fetched jars are its own."""

    classname: str
    jar_prefixes: tuple
    security_policy: str = ""


MODULES = {
    "transport-netty4": Module("org.opensearch.transport.Netty4Plugin", ("transport-netty4-client-", "netty-"),
                               NETTY_POLICY),
    "analysis-common": Module("org.opensearch.analysis.common.CommonAnalysisPlugin", ("analysis-common-",)),
    "mapper-extras": Module("org.opensearch.index.mapper.MapperExtrasPlugin", ("mapper-extras-client-",)),
    "reindex": Module("org.opensearch.index.reindex.ReindexPlugin", ("reindex-client-",)),
    "lang-painless": Module("org.opensearch.painless.PainlessPlugin",
                            ("lang-painless-", "opensearch-scripting-painless-spi-", "antlr4-runtime-", "asm-"),
                            PAINLESS_POLICY),
}


@dataclass(frozen=True)
class Node:
    name: str
    folder: Path
    host: str
    http_port: int
    transport_port: int

    @property
    def pid_file(self):
        return self.folder.parent / f"{self.name}.pid"

    @property
    def config_folder(self):
        return self.folder / "config"

    @property
    def log_file(self):
        return self.folder / "logs" / "node.log"

    @property
    def url(self):
        return f"http://{self.host}:{self.http_port}"


@dataclass(frozen=True)
class Cluster:
    name: str
    folder: Path
    nodes: tuple
    heap: str
    start_timeout: float


def configured_cluster(environ=os.environ):
    """Return the cluster the environment describes (see the module's docstring)."""
    folder = Path(environ.get("ARCHIVE_DATA_DIR", PROJECT / "var")).resolve() / "opensearch"
    host = environ.get("OPENSEARCH_HOST", "127.0.0.1")
    http_ports = port_list(environ.get("OPENSEARCH_HTTP_PORTS", "9201,9202,9203"))
    transport_ports = port_list(environ.get("OPENSEARCH_TRANSPORT_PORTS", "")) or [port + 100 for port in http_ports]
    if len(transport_ports) != len(http_ports):
        sys.exit("OPENSEARCH_TRANSPORT_PORTS must name as many ports as OPENSEARCH_HTTP_PORTS")
    nodes = tuple(Node(f"node-{number}", folder / f"node-{number}", host, http_port, transport_port)
                  for number, (http_port, transport_port) in enumerate(zip(http_ports, transport_ports), start=1))
    return Cluster(name=environ.get("OPENSEARCH_CLUSTER_NAME", "archive"), folder=folder, nodes=nodes,
                   heap=environ.get("OPENSEARCH_HEAP", DEFAULT_HEAP),
                   start_timeout=float(environ.get("OPENSEARCH_START_TIMEOUT", "180")))


def port_list(text):
    return [int(port) for port in text.replace(",", " ").split()]


# Starting

def start(cluster):
    """Start the nodes that are down and return once the whole cluster is green."""
    down = []
    for node in cluster.nodes:
        pid = running_pid(node)
        if pid:
            print(f"{node.name}: running (pid {pid}), {node.url}")
        else:
            refuse_taken_ports(node)
            down.append(node)
    started = {}
    if down:
        distribution = prepared_distribution(cluster.folder / "distribution")
        started = {node: start_node(node, cluster, distribution) for node in down}
    health = wait_until_green(cluster, started)
    print(f"Cluster {health['cluster_name']} is green: {health['number_of_nodes']} nodes, "
          f"{', '.join(node.url for node in cluster.nodes)}")


def refuse_taken_ports(node):
    """Stop before starting a node whose port something else holds: it would only fail, later."""
    for port in (node.http_port, node.transport_port):
        try:
            socket.create_connection((node.host, port), timeout=1).close()
        except OSError:
            continue
        sys.exit(f"{node.name}: port {port} on {node.host} is taken, and not by a node this launcher "
                 f"started (no live pid in {node.pid_file}). Stop what holds it, or choose other ports "
                 "(OPENSEARCH_HTTP_PORTS, OPENSEARCH_TRANSPORT_PORTS).")


def start_node(node, cluster, distribution):
    """Start one node as a process of its own, detached from this one; return the process."""
    write_node_config(node, cluster)
    for folder in ("data", "logs", "tmp"):
        (node.folder / folder).mkdir(parents=True, exist_ok=True)
    with node.log_file.open("ab") as log:
        log.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}: started by the launcher ---\n".encode())
        log.flush()
        process = subprocess.Popen(java_command(node, cluster, distribution), cwd=node.folder,
                                   stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    node.pid_file.write_text(f"{process.pid}\n")
    print(f"{node.name}: started (pid {process.pid}), {node.url}, log {node.log_file}")
    return process


def write_node_config(node, cluster):
    settings = {
        "cluster.name": cluster.name,
        "node.name": node.name,
        "path.data": str(node.folder / "data"),
        "path.logs": str(node.folder / "logs"),
        "network.host": node.host,
        "http.port": node.http_port,
        "transport.port": node.transport_port,
        "discovery.seed_hosts": [f"{other.host}:{other.transport_port}" for other in cluster.nodes],
        "cluster.initial_cluster_manager_nodes": [other.name for other in cluster.nodes],
        # On a nearly full development disk, OpenSearch would stop placing replicas (never green) and
        # then make indices read-only; this cluster's data is small and can be made again.
        "cluster.routing.allocation.disk.threshold_enabled": False,
        # The filter needs JNA, which is off (JVM_OPTIONS); saying so spares a warning at each start.
        "bootstrap.system_call_filter": False,
        # The archive creates its index with its own mapping: a write to a missing index is a mistake
        # to report, not an index to create with guessed field types.
        "action.auto_create_index": False,
    }
    node.config_folder.mkdir(parents=True, exist_ok=True)
    # JSON is YAML, so opensearch.yml needs no YAML writer.
    (node.config_folder / "opensearch.yml").write_text(
        "# Written by speeches/search/engines/opensearch/cluster each time the node starts.\n"
        + json.dumps(settings, indent=2) + "\n")
    (node.config_folder / "log4j2.properties").write_text(LOG4J2_PROPERTIES)


def java_command(node, cluster, distribution):
    return [
        java_executable(), f"-Xms{cluster.heap}", f"-Xmx{cluster.heap}", *JVM_OPTIONS,
        f"-Djava.io.tmpdir={node.folder / 'tmp'}",
        f"-Dopensearch.path.home={distribution}",
        f"-Dopensearch.path.conf={node.config_folder}",
        "-cp", str(distribution / "lib" / "*"),
        MAIN_CLASS,
    ]


def java_executable():
    if os.environ.get("JAVA_HOME"):
        return str(Path(os.environ["JAVA_HOME"]) / "bin" / "java")
    return shutil.which("java") or sys.exit("Java is not installed: `make java` installs it.")


def wait_until_green(cluster, started):
    """Return the cluster's health once every node answers that it is green with all the nodes.

    Exit with the log to read if a started node dies, or if the cluster is not green in time."""
    deadline = time.monotonic() + cluster.start_timeout
    while True:
        for node, process in started.items():
            if process.poll() is not None:
                sys.exit(f"{node.name} stopped while starting (exit code {process.returncode}). "
                         f"The end of {node.log_file}:\n{log_tail(node)}")
        healths = [cluster_health(node) for node in cluster.nodes]
        if all(is_green(health, len(cluster.nodes)) for health in healths):
            return healths[0]
        if time.monotonic() > deadline:
            states = ", ".join(f"{node.name}: {health['status'] if health else 'not answering'}"
                               for node, health in zip(cluster.nodes, healths))
            logs = " ".join(str(node.log_file) for node in cluster.nodes)
            sys.exit(f"The cluster is not green after {cluster.start_timeout:.0f} s ({states}). Logs: {logs}")
        time.sleep(1)


def cluster_health(node):
    """Return the cluster's health as this node sees it, or None while it does not answer."""
    url = f"{node.url}/_cluster/health?wait_for_status=green&timeout=1s"
    try:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:  # 408: not green yet; the body is the health all the same
            return json.load(error)
    except (OSError, http.client.HTTPException, ValueError):
        return None


def is_green(health, node_count):
    return bool(health) and health["status"] == "green" and health["number_of_nodes"] == node_count


def log_tail(node, lines=30):
    try:
        return "\n".join(node.log_file.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# The distribution

def prepared_distribution(folder):
    """Return ``folder`` laid out as OpenSearch's distribution from the jars pom.xml names.

    Maven runs only when pom.xml changed since the folder was made (its copy is written last)."""
    made_from = folder / "pom.xml"
    if made_from.exists() and made_from.read_bytes() == POM.read_bytes():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    fetch_jars(folder / "jars")
    lay_out_distribution(folder, opensearch_version())
    shutil.copyfile(POM, made_from)
    return folder


def fetch_jars(folder):
    mvn = shutil.which("mvn") or sys.exit("Maven (mvn) is not installed: `make java` installs it.")
    print(f"Fetching OpenSearch {opensearch_version()} with Maven (pom.xml) into {folder}")
    # Quiet Maven still writes colour codes, so its output is shown only when it fails.
    completed = subprocess.run([mvn, "--batch-mode", "--quiet", "--file", str(POM), "dependency:copy-dependencies",
                                f"-Djars.directory={folder}"], capture_output=True, text=True)
    if completed.returncode:
        sys.exit(f"{completed.stdout}{completed.stderr}\nMaven could not fetch OpenSearch's jars (above).")


def lay_out_distribution(folder, version):
    """Move each module's jars into modules/<name>/ beside its descriptor, and the rest into lib/."""
    for name, module in MODULES.items():
        module_folder = folder / "modules" / name
        module_folder.mkdir(parents=True)
        (module_folder / "plugin-descriptor.properties").write_text(plugin_descriptor(name, module, version))
        if module.security_policy:
            (module_folder / "plugin-security.policy").write_text(module.security_policy)
    (folder / "lib").mkdir()
    (folder / "plugins").mkdir()
    jars = folder / "jars"
    for jar in jars.glob("*.jar"):
        owner = next((name for name, module in MODULES.items() if jar.name.startswith(module.jar_prefixes)), None)
        jar.rename((folder / "modules" / owner if owner else folder / "lib") / jar.name)
    jars.rmdir()


def plugin_descriptor(name, module, version):
    # The Java version OpenSearch 2.x builds its modules for.
    return (f"name={name}\ndescription=OpenSearch's {name} module\nversion={version}\n"
            f"opensearch.version={version}\njava.version=11\nclassname={module.classname}\n")


def opensearch_version():
    return ElementTree.parse(POM).getroot().findtext("{http://maven.apache.org/POM/4.0.0}properties/"
                                                     "{http://maven.apache.org/POM/4.0.0}opensearch.version")


# Which nodes run

def running_pid(node):
    """Return the pid in the node's pid file if that process is this node, else None (a stale file)."""
    try:
        pid = int(node.pid_file.read_text())
    except (OSError, ValueError):
        return None
    return pid if is_node_process(pid, node) else None


def is_node_process(pid, node):
    # The command line tells this node from a process that got its pid since; a dead process that
    # no one has reaped yet (a zombie) has an empty one.
    try:
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return f"-Dopensearch.path.conf={node.config_folder}".encode() in arguments


# Stopping and status

def stop(cluster, grace_seconds=30):
    """Stop every node: SIGTERM, then SIGKILL for those still running after the grace period."""
    running = {node: pid for node in cluster.nodes if (pid := running_pid(node))}
    for pid in running.values():
        os.kill(pid, signal.SIGTERM)
    still_running = wait_for_exit(running, grace_seconds)
    for node, pid in still_running.items():
        print(f"{node.name}: still running after {grace_seconds} s, killing it (pid {pid})")
        os.kill(pid, signal.SIGKILL)
    wait_for_exit(still_running, 10)
    for node in cluster.nodes:
        node.pid_file.unlink(missing_ok=True)
        print(f"{node.name}: {'stopped' if node in running else 'was not running'}")


def wait_for_exit(pids, seconds):
    """Return those of ``pids`` (node -> pid) still running after at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while pids and time.monotonic() < deadline:
        time.sleep(0.2)
        pids = {node: pid for node, pid in pids.items() if is_node_process(pid, node)}
    return pids


def status(cluster):
    """Print each node's state and the cluster's health; return 0 if the whole cluster is green."""
    for node in cluster.nodes:
        pid = running_pid(node)
        print(f"{node.name}: {f'running (pid {pid})' if pid else 'down'}, {node.url}")
    healths = [health for node in cluster.nodes if (health := cluster_health(node))]
    if not healths:
        print(f"Cluster {cluster.name}: no node answers")
        return 1
    print(f"Cluster {healths[0]['cluster_name']}: {healths[0]['status']}, {healths[0]['number_of_nodes']} nodes")
    return 0 if is_green(healths[0], len(cluster.nodes)) else 1


def main(argv=None):
    parser = argparse.ArgumentParser(prog="cluster", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["start", "stop", "status"])
    command = parser.parse_args(argv).command
    cluster = configured_cluster()
    if command == "start":
        start(cluster)
    elif command == "stop":
        stop(cluster)
    else:
        return status(cluster)
    return 0


if __name__ == "__main__":
    sys.exit(main())
