"""What detect-secrets' plugins look for, as data: a value none of them can match never loads them.

Importing detect-secrets and compiling its expressions costs 60-80 ms in every process that does
it, and most values that pass ``detect._has_candidate`` (digests, ARNs, image references) match
none of its formats. Each plugin used (``providers.DETECT_SECRETS_PLUGINS``) reports only what its
``denylist`` expressions find, so a plugin runs only on text where one of them finds a match:
the text holds the expression's *needles* (literal text every match contains, read from the
pattern by ``providers.analyse``), is at least as long as its shortest match, and a copy of
the expression matches. Exact, not a heuristic: the plugins keep their role of a second opinion.

tests/secrets/test_plugin_screens.py checks these copies and needles against the installed
plugins, so a detect-secrets release that changes a pattern fails there rather than silently
hiding a format. At run time the screens apply only to the release they were copied from
(``SCREENED_VERSION``, read from detect-secrets' ``__version__.py`` without importing it): with
any other release installed, every plugin runs, as before. A plugin without an entry here
always runs.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from mcplint.record import Frozen


_I = re.IGNORECASE
_IX = re.IGNORECASE | re.VERBOSE


SCREENED_VERSION = "1.5.0"
"""The detect-secrets release whose ``denylist`` patterns ``PLUGIN_SCREENS`` copies."""


@functools.cache
def installed_version() -> str | None:
    """detect-secrets' version (None when it is not installed), without importing it: its
    package ``__init__`` imports the whole scanner."""
    from importlib.util import find_spec

    try:
        spec = find_spec("detect_secrets")
        folders = list(spec.submodule_search_locations or ()) if spec is not None else []
        text = Path(folders[0], "__version__.py").read_text(encoding="utf-8") if folders else ""
    except (ImportError, OSError, ValueError, UnicodeDecodeError):
        return None
    found = re.search(r"""^VERSION\s*=\s*['"]([^'"]+)['"]""", text, re.M)
    return found.group(1) if found else None


class Screen(Frozen):
    """One ``denylist`` expression of a plugin."""

    pattern: str
    needles: tuple[tuple[str, ...], ...]
    """Every match holds one string of each group (lower-case under ``re.IGNORECASE``)."""
    shortest: int
    """No match is shorter."""
    flags: int = 0
    """Flags of the plugin's expression besides ``re.UNICODE`` (implied for text patterns)."""


PLUGIN_SCREENS: dict[tuple[str, str], tuple[Screen, ...]] = {
    ('detect_secrets.plugins.aws', 'AWSKeyDetector'): (
        Screen(r'(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}',
               (('A3T', 'ABIA', 'ACCA', 'AKIA', 'ASIA'),), 20),
        Screen(r'''aws.{0,20}?(?:key|pwd|pw|password|pass|token).{0,20}?[\'\"]([0-9a-zA-Z/+]{40})[\'\"]''',
               (('aws',), ('key', 'pw', 'pass', 'token')), 47, _I),
    ),
    ('detect_secrets.plugins.github_token', 'GitHubTokenDetector'): (
        Screen(r'(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36}',
               (('ghp', 'gho', 'ghu', 'ghs', 'ghr'), ('_',)), 40),
    ),
    ('detect_secrets.plugins.gitlab_token', 'GitLabTokenDetector'): (
        Screen(r'(glpat|gldt|glft|glsoat|glrt)-[A-Za-z0-9_\-]{20,50}(?!\w)',
               (('glpat', 'gldt', 'glft', 'glsoat', 'glrt'), ('-',)), 25),
        Screen(r'GR1348941[A-Za-z0-9_\-]{20,50}(?!\w)',
               (('GR1348941',),), 29),
        Screen(r'glcbt-([0-9a-fA-F]{2}_)?[A-Za-z0-9_\-]{20,50}(?!\w)',
               (('glcbt-',),), 26),
        Screen(r'glimt-[A-Za-z0-9_\-]{25}(?!\w)',
               (('glimt-',),), 31),
        Screen(r'glptt-[A-Za-z0-9_\-]{40}(?!\w)',
               (('glptt-',),), 46),
        Screen(r'glagent-[A-Za-z0-9_\-]{50,1024}(?!\w)',
               (('glagent-',),), 58),
        Screen(r'gloas-[A-Za-z0-9_\-]{64}(?!\w)',
               (('gloas-',),), 70),
    ),
    ('detect_secrets.plugins.slack', 'SlackDetector'): (
        Screen(r'xox(?:a|b|p|o|s|r)-(?:\d+-)+[a-z0-9]+',
               (('xox',), ('-',)), 8, _I),
        Screen(r'https://hooks\.slack\.com/services/T[a-zA-Z0-9_]+/B[a-zA-Z0-9_]+/[a-zA-Z0-9_]+',
               (('https://hooks.slack.com/services/t',), ('/b',)), 40, _IX),
    ),
    ('detect_secrets.plugins.stripe', 'StripeDetector'): (
        Screen(r'(?:r|s)k_live_[0-9a-zA-Z]{24}',
               (('k_live_',), ('r', 's')), 32),
    ),
    ('detect_secrets.plugins.openai', 'OpenAIDetector'): (
        Screen(r'sk-[A-Za-z0-9-_]*[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}',
               (('T3BlbkFJ',), ('sk-',)), 51),
    ),
    ('detect_secrets.plugins.jwt', 'JwtTokenDetector'): (
        Screen(r'eyJ[A-Za-z0-9-_=]+\.[A-Za-z0-9-_=]+\.?[A-Za-z0-9-_.+/=]*?',
               (('eyJ',), ('.',)), 6),
    ),
    ('detect_secrets.plugins.twilio', 'TwilioKeyDetector'): (
        Screen(r'AC[a-z0-9]{32}',
               (('AC',),), 34),
        Screen(r'SK[a-z0-9]{32}',
               (('SK',),), 34),
    ),
    ('detect_secrets.plugins.sendgrid', 'SendGridDetector'): (
        Screen(r'SG\.[a-zA-Z0-9_-]{22}\.[a-zA-Z0-9_-]{43}',
               (('SG.',),), 69),
    ),
    ('detect_secrets.plugins.npm', 'NpmDetector'): (
        Screen(r'\/\/.+\/:_authToken=\s*((npm_.+)|([A-Fa-f0-9-]{36})).*',
               (('/:_authToken=',), ('//',)), 21),
    ),
    ('detect_secrets.plugins.pypi_token', 'PypiTokenDetector'): (
        Screen(r'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9-_]{70,}',
               (('pypi-AgEIcHlwaS5vcmc',),), 90),
        Screen(r'pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9-_]{70,}',
               (('pypi-AgENdGVzdC5weXBpLm9yZw',),), 97),
    ),
    ('detect_secrets.plugins.azure_storage_key', 'AzureStorageKeyDetector'): (
        Screen(r'AccountKey=[a-zA-Z0-9+\/=]{88}',
               (('AccountKey=',),), 99),
    ),
    ('detect_secrets.plugins.discord', 'DiscordBotTokenDetector'): (
        Screen(r'[MNO][a-zA-Z\d_-]{23,25}\.[a-zA-Z\d_-]{6}\.[a-zA-Z\d_-]{27}',
               (('.',),), 59),
    ),
    ('detect_secrets.plugins.mailchimp', 'MailchimpDetector'): (
        Screen(r'[0-9a-z]{32}-us[0-9]{1,2}',
               (('-us',),), 36),
    ),
    ('detect_secrets.plugins.square_oauth', 'SquareOAuthDetector'): (
        Screen(r'sq0csp-[0-9A-Za-z\\\-_]{43}',
               (('sq0csp-',),), 50),
    ),
    ('detect_secrets.plugins.telegram_token', 'TelegramBotTokenDetector'): (
        Screen(r'\d{8,10}:[0-9A-Za-z_-]{35}',
               ((':',),), 44),
    ),
    ('detect_secrets.plugins.artifactory', 'ArtifactoryDetector'): (
        Screen(r'(?:\s|=|:|"|^)AKC[a-zA-Z0-9]{10,}(?:\s|"|$)',
               (('AKC',),), 13),
        Screen(r'(?:\s|=|:|"|^)AP[\dABCDEF][a-zA-Z0-9]{8,}(?:\s|"|$)',
               (('AP',),), 11),
    ),
    ('detect_secrets.plugins.ibm_cloud_iam', 'IbmCloudIamDetector'): (
        Screen(r'''(?:(?<=\W)|(?<=^))(?:\[|)(?:"|\'|)(?:ibm(?:_|-|)cloud(?:_|-|)iam|cloud(?:_|-|)iam|ibm(?:_|-|)cloud|ibm(?:_|-|)iam|ibm|iam|cloud|)(?:_|-|)(?:api|)(?:_|-|)(?:key|pwd|password|pass|token)(?:"|\'|)(?:\]|)(?: *)(?:=|:|:=|=>| +|::)(?: *)(?:"|\'|)([a-zA-Z0-9_\-]{44}(?![a-zA-Z0-9_\-]))(?:"|\'|)''',
               (('key', 'pwd', 'pass', 'token'), ('=', ':', ' ')), 48, _I),
    ),
    ('detect_secrets.plugins.ibm_cos_hmac', 'IbmCosHmacDetector'): (
        Screen(r'''(?:(?<=\W)|(?<=^))(?:\[|)(?:"|\'|)(?:(?:ibm)?[-_]?cos[-_]?(?:hmac)?|)(?:_|-|)(?:secret[-_]?(?:access)?[-_]?key)(?:"|\'|)(?:\]|)(?: *)(?:=|:|:=|=>| +|::)(?: *)(?:"|\'|)([a-f0-9]{48}(?![a-f0-9]))(?:"|\'|)''',
               (('secret',), ('key',), ('=', ':', ' ')), 58, _I),
    ),
    ('detect_secrets.plugins.cloudant', 'CloudantDetector'): (
        Screen(r'''(?:(?<=\W)|(?<=^))(?:\[|)(?:"|\'|)(?:cloudant|cl|clou)(?:_|-|)(?:api|)(?:key|pwd|pw|password|pass|token)(?:"|\'|)(?:\]|)(?: *)(?:=|:|:=|=>| +|::)(?: *)(?:"|\'|)([0-9a-f]{64})(?:"|\'|)''',
               (('cl',), ('key', 'pw', 'pass', 'token'), ('=', ':', ' ')), 69, _I),
        Screen(r'''(?:(?<=\W)|(?<=^))(?:\[|)(?:"|\'|)(?:cloudant|cl|clou)(?:_|-|)(?:api|)(?:key|pwd|pw|password|pass|token)(?:"|\'|)(?:\]|)(?: *)(?:=|:|:=|=>| +|::)(?: *)(?:"|\'|)([a-z]{24})(?:"|\'|)''',
               (('cl',), ('key', 'pw', 'pass', 'token'), ('=', ':', ' ')), 29, _I),
        Screen(r'(?:https?\:\/\/)[\w\-]+\:([0-9a-f]{64})\@[\w\-]+\.cloudant\.com',
               (('.cloudant.com',), ('http',), ('://',), ('@',)), 88, _I),
        Screen(r'(?:https?\:\/\/)[\w\-]+\:([a-z]{24})\@[\w\-]+\.cloudant\.com',
               (('.cloudant.com',), ('http',), ('://',), ('@',)), 48, _I),
    ),
    ('detect_secrets.plugins.softlayer', 'SoftlayerDetector'): (
        Screen(r'''(?:(?<=\W)|(?<=^))(?:\[|)(?:"|\'|)(?:softlayer|sl)(?:_|-|)(?:api|)(?:_|-|)(?:key|pwd|password|pass|token)(?:"|\'|)(?:\]|)(?: *)(?:=|:|:=|=>| +|::)(?: *)(?:"|\'|)([a-z0-9]{64})(?:"|\'|)''',
               (('key', 'pwd', 'pass', 'token'), ('softlayer', 'sl'), ('=', ':', ' ')), 70, _I),
        Screen(r'(?:http|https)://api.softlayer.com/soap/(?:v3|v3.1)/([a-z0-9]{64})',
               (('softlayer',), ('com/soap/',), ('://api',), ('http',), ('v3',)), 97, _I),
    ),
}
"""The ``denylist`` of detect-secrets 1.5 plugins, by (module, class) as in DETECT_SECRETS_PLUGINS."""


@functools.cache
def _regex(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def _has_needles(screen: Screen, text: str, lowered: str | None) -> bool:
    """``lowered``: the text in lower case, or None for non-ASCII text (Unicode case folding may
    match an ASCII needle with other characters: the expression alone decides there)."""
    if screen.flags & re.IGNORECASE:
        if lowered is None:
            return True
        text = lowered
    return all(any(needle in text for needle in group) for group in screen.needles)


def silent_plugins(text: str) -> frozenset[tuple[str, str]]:
    """The plugins (module, class) that cannot report anything in ``text`` (none when the
    installed detect-secrets is not the screened release)."""
    if installed_version() != SCREENED_VERSION:
        return frozenset()
    lowered = text.lower() if text.isascii() else None
    n = len(text)
    return frozenset(
        plugin for plugin, screens in PLUGIN_SCREENS.items()
        if not any(n >= s.shortest and _has_needles(s, text, lowered) and _regex(s.pattern, s.flags).search(text)
                   for s in screens)
    )
