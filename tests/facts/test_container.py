"""The ``container`` fact: docker run options that hand the host to the container."""

from __future__ import annotations

from helpers import facts_of


def test_container_risks() -> None:
    risks = facts_of({"command": "docker", "args": ["run", "--privileged", "--pid=host", "--security-opt", "seccomp=unconfined",
                                                    "--cap-add", "SYS_ADMIN", "-v", "/var/run/docker.sock:/sock", "a/b:1"]})["container"]
    assert [r.option for r in risks] == ["--privileged", "--pid host", "--security-opt seccomp=unconfined",
                                         "--cap-add SYS_ADMIN", "-v /var/run/docker.sock"]
    assert facts_of({"command": "node", "args": ["--privileged"]})["container"] == ()
