"""The SPARQL clients the endpoint is tested against, found where the CI installs them.

npm packages (Comunica, both YASGUI distributions, and a Node.js new enough for Comunica 5)
come from ``tests/clients/package.json`` by ``npm ci``; Jena's command-line tools come from
Debian's ``libapache-jena-java``.  A client that is absent skips its tests on a developer
machine and fails them in CI (see :func:`conftest.missing_tier`).
"""
from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

from conftest import missing_tier

CLIENTS = Path(__file__).resolve().parent / "clients"
NODE_MODULES = CLIENTS / "node_modules"
NODE = NODE_MODULES / "node" / "bin" / "node"   # the `node` npm package: a Node.js 22 binary
COMUNICA = NODE_MODULES / "@comunica" / "query-sparql" / "bin" / "query.js"
YASGUI = {"triply": NODE_MODULES / "@triply" / "yasgui" / "build", "zazuko": NODE_MODULES / "@zazuko" / "yasgui" / "build"}
JENA_CMDS = Path("/usr/share/java/jena-cmds.jar")
_NPM_HINT = "run `npm ci --prefix tests/clients`"

# slf4j bindings that Debian's dependency closure also brings; more than one stops Jena at start.
_SLF4J_EXTRA = re.compile(r"slf4j-(jcl|jdk14|log4j12|simple|migrator|reload4j)|log4j-over-slf4j")


def node() -> Path:
    if not NODE.exists():
        missing_tier(f"Node.js from npm is not installed ({NODE}); {_NPM_HINT}")
    return NODE


def comunica() -> list[str]:
    if not COMUNICA.exists():
        missing_tier(f"Comunica is not installed ({COMUNICA}); {_NPM_HINT}")
    return [str(node()), str(COMUNICA)]


def yasgui_build(distribution: str) -> Path:
    build = YASGUI[distribution]
    if not (build / "yasgui.min.js").exists():
        missing_tier(f"YASGUI ({distribution}) is not installed ({build}); {_NPM_HINT}")
    return build


def _debian_java_closure(package: str) -> list[str]:
    seen, todo = set(), [package]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        depends = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", name], capture_output=True, text=True).stdout
        todo += [alt.split("|")[0].strip().split(" ")[0] for alt in depends.split(",")
                 if alt.strip() and alt.split("|")[0].strip().split(" ")[0].endswith("-java")]
    jars = set()
    for name in seen:
        files = subprocess.run(["dpkg", "-L", name], capture_output=True, text=True).stdout.split()
        jars.update(f for f in files if f.startswith("/usr/share/java/") and f.endswith(".jar"))
    return sorted(j for j in jars if not _SLF4J_EXTRA.search(j))


def jena_command(tool: str, workdir: Path) -> list[str]:
    """``java -cp … arq.<tool>``: Debian ships Jena's jars but no launcher scripts.

    What it needs to start: the jars of the package's Java dependency closure, one slf4j
    binding only, and the message files of the Xerces copy inside jena-core, which Debian's
    jar lacks (without them every start fails with "internal error" in XSSimpleTypeDecl)."""
    if not JENA_CMDS.exists():
        missing_tier("Apache Jena is not installed (Debian package libapache-jena-java)")
    resources = workdir / "jena-resources"
    if not resources.exists():
        with zipfile.ZipFile("/usr/share/java/jena-core.jar") as jar:
            for name in jar.namelist():
                for shaded in ("org/apache/jena/ext/xerces/impl/msg/", "org/apache/jena/ext/xerces/impl/xpath/regex/"):
                    if name.startswith(shaded) and name.endswith(".properties"):
                        target = resources / "xerces" / "impl" / name[len("org/apache/jena/ext/xerces/impl/"):]
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(jar.read(name))
    classpath = ":".join([str(resources)] + _debian_java_closure("libapache-jena-java"))
    return ["java", "-cp", classpath, f"arq.{tool}"]
