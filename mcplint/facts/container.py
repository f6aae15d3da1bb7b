"""Docker run options that take the isolation away (fact ``container``).

``--privileged``, ``--network host``, ``--pid host``, ``--cap-add ALL``, unconfined seccomp or
AppArmor, and a mount of the Docker socket (which is root on the host). Read from the runner
options of ``docker run`` / ``podman run`` (the options before the image).
"""

from __future__ import annotations

import re
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.facts.filesystem import DOCKER_SOCKET
from mcplint.model import Item, Pointer, Server

HOST_NAMESPACES = {
    "--network": ("medium", "shares the host's network (reaches every local service, listens on every interface)"),
    "--net": ("medium", "shares the host's network (reaches every local service, listens on every interface)"),
    "--pid": ("high", "shares the host's process table (can inspect and signal every process)"),
    "--ipc": ("medium", "shares the host's IPC namespace"),
    "--uts": ("low", "shares the host's hostname namespace"),
    "--userns": ("medium", "turns user-namespace remapping off"),
    "--cgroupns": ("low", "shares the host's cgroup namespace"),
}
CAPABILITIES = {
    "all": "high", "sys_admin": "high", "sys_module": "high", "sys_ptrace": "high", "sys_rawio": "high",
    "dac_read_search": "high", "dac_override": "medium", "net_admin": "medium", "net_raw": "low", "bpf": "high",
    "perfmon": "medium", "sys_boot": "medium", "mknod": "low", "syslog": "low",
}
_CAP_SPLIT = lazy_compile(r"[,\s]+")
_VOLUME_SOURCE = lazy_compile(r"^((?:[A-Za-z]:)?[^:]*):")
UNCONFINED = lazy_compile(r"^(seccomp[=:]unconfined|apparmor[=:]unconfined|label[=:]disable|systempaths[=:]unconfined|no-new-privileges[=:]false)$", re.I)


class ContainerRisk(Item):
    option: str
    why: str
    pointer: Pointer
    severity: str


def analyze(server: Server, facts: Any) -> tuple[ContainerRisk, ...]:
    package = facts["package"]
    if package is None or package.ecosystem != "docker":
        return ()
    found: list[ContainerRisk] = []
    for flag, value, index in package.runner_options:
        pointer = server.at("args", index)
        lower = value.strip().lower()
        if flag == "--privileged" and lower not in ("false", "0"):
            found.append(ContainerRisk("--privileged", "gives the container every capability and device: root on the host", pointer, "high"))
        elif flag in HOST_NAMESPACES and lower == "host":
            severity, why = HOST_NAMESPACES[flag]
            found.append(ContainerRisk(f"{flag} host", why, pointer, severity))
        elif flag == "--cap-add":
            for cap in _CAP_SPLIT.split(lower):
                cap = cap.removeprefix("cap_")
                if cap in CAPABILITIES:
                    found.append(ContainerRisk(f"--cap-add {cap.upper()}", "adds a kernel capability that breaks container isolation", pointer, CAPABILITIES[cap]))
        elif flag == "--security-opt" and UNCONFINED.match(lower):
            found.append(ContainerRisk(f"--security-opt {value}", "removes a kernel sandbox layer", pointer, "medium"))
        elif flag in ("-v", "--volume", "--mount"):
            source = value
            if flag == "--mount":
                parts = dict(p.partition("=")[::2] for p in value.split(","))
                source = parts.get("source") or parts.get("src") or ""
            else:
                match = _VOLUME_SOURCE.match(value)
                source = match.group(1) if match else value
            if DOCKER_SOCKET.search(source.replace("\\", "/")):
                found.append(ContainerRisk(f"{flag} {source}", "mounts the Docker socket: whoever controls the container controls the host", pointer, "high"))
        elif flag == "--device" and lower.split(":")[0] in ("/dev/mem", "/dev/kmem", "/dev/sda", "/dev/nvme0n1"):
            found.append(ContainerRisk(f"--device {value}", "exposes a raw host device", pointer, "high"))
    return tuple(found) if found else ()
