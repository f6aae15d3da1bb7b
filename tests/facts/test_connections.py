"""The ``connections`` fact: database targets named in a server's arguments, without credentials."""

from __future__ import annotations

import pytest
from helpers import facts_of

from mcplint.facts.connections import production_word


@pytest.mark.parametrize(("names", "word"), [
    (("db-prod.acme.io", "orders"), "prod"), (("10.0.0.5", "shop_production"), "production"),
    (("prod-replica.acme.io", "orders"), None), (("staging-db", "app_prod"), None), (("localhost", "products"), None),
])
def test_production_words(names: tuple[str, str], word: str | None) -> None:
    assert production_word(*names) == word


def test_connections_never_keep_credentials() -> None:
    [target] = facts_of({"command": "node", "args": ["x.js", "postgresql://admin:s3cret@db-prod.acme.io:5432/app"]})["connections"]
    assert (target.host, target.database, target.production) == ("db-prod.acme.io", "app", "prod")
    assert "s3cret" not in repr(target)
