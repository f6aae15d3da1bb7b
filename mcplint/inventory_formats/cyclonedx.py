"""``inventory --format cyclonedx``: a CycloneDX 1.6 JSON BOM of every MCP server found.

Built with the CycloneDX project's own library (``cyclonedx-python-lib``, imported only here), so
the document follows the specification as its maintainers read it, and Dependency-Track can track
vulnerable MCP packages across a fleet. A server started from a package is a component with its
purl; a remote server is a service with its endpoint (credentials already redacted in the row);
a local program is an application component without a purl. Where it was found (client, file,
transport, approval, fingerprint) goes into properties in the ``mcplint:`` namespace. Environment
variables and headers appear by name only, never with values.
"""

from __future__ import annotations

from typing import Any, Iterable, TextIO

from cyclonedx.model.bom import Bom
from cyclonedx.model.dependency import Dependable, Dependency

from mcplint.inventory_formats.purl import purl, split


def _indexed_registration(document: Bom) -> None:
    """Give ``document`` a dependency registration indexed by reference.

    Every outputter runs ``Bom.validate()``, which registers each component and service as a
    dependency through ``register_dependency``: a linear search of those registered so far, so
    thousands of servers took time in the square of their number (4,000: ten seconds). A target
    with nothing it depends on (all that validate and this module register) is looked up in a set
    of the registered references instead; the document is the same. (Set on the instance: the
    library's serializer knows its own classes only, so a subclass would serialize to nothing.)"""
    registered: set[str | None] = set()
    library_way = document.register_dependency

    def register_dependency(target: Dependable, depends_on: Iterable[Dependable] | None = None) -> None:
        ref = target.bom_ref.value
        if depends_on or ref is None:  # (mcplint registers neither: the library's own way)
            depends = list(depends_on or ())
            library_way(target, depends)
            registered.update([ref, *(d.bom_ref.value for d in depends)])
        elif ref not in registered:
            registered.add(ref)
            document.dependencies.add(Dependency(ref=target.bom_ref))

    document.register_dependency = register_dependency  # type: ignore[method-assign]


def _properties(row: Any) -> list[Any]:
    from cyclonedx.model import Property

    values = {
        "mcplint:server-name": row.name, "mcplint:client": row.client, "mcplint:scope": row.scope,
        "mcplint:file": row.file, "mcplint:line": str(row.line), "mcplint:transport": row.transport,
        "mcplint:approval": row.approval, "mcplint:fingerprint": row.fingerprint,
        "mcplint:command": row.target if row.command else None, "mcplint:project": row.project,
        "mcplint:disabled": "true" if row.disabled else None,
        "mcplint:env-names": ",".join(row.env) or None, "mcplint:header-names": ",".join(row.headers) or None,
    }
    return [Property(name=k, value=v) for k, v in values.items() if v]


def bom(inventory: Any) -> Any:
    """The BOM of an inventory, as the library's model (tests validate its JSON)."""
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.service import Service
    from cyclonedx.model import XsUri
    from cyclonedx.model.bom_ref import BomRef
    from packageurl import PackageURL

    from mcplint import __version__

    document = Bom()
    _indexed_registration(document)
    tool = Component(type=ComponentType.APPLICATION, name="mcplint", version=__version__)
    document.metadata.tools.components.add(tool)
    seen: set[str] = set()
    for index, row in enumerate(inventory.rows):
        ref = f"mcp-server-{row.fingerprint or index}"
        if ref in seen:
            ref = f"{ref}-{index}"
        seen.add(ref)
        properties = _properties(row)
        if row.url and not row.command:
            document.services.add(Service(name=row.name, bom_ref=BomRef(ref), endpoints=[XsUri(row.url)],
                                          properties=properties))
            continue
        identifier = purl(row.package)
        if row.package:
            _, name, version = split(row.package)
            group, _, bare = name.rpartition("/") if name.startswith("@") else ("", "", name)
            document.components.add(Component(
                type=ComponentType.APPLICATION, name=bare or name, group=group or None, version=version,
                purl=PackageURL.from_string(identifier) if identifier else None,
                bom_ref=BomRef(ref), properties=properties))
        else:
            document.components.add(Component(type=ComponentType.APPLICATION, name=row.name,
                                              bom_ref=BomRef(ref), properties=properties))
    return document


def write(inventory: Any, out: TextIO, options: Any) -> None:
    from cyclonedx.output.json import JsonV1Dot6

    out.write(JsonV1Dot6(bom(inventory)).output_as_string(indent=2))
    out.write("\n")
