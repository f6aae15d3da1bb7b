#!/usr/bin/env python
"""The positive suite: credentials generated in each vendor's real format (fixed seed).

    python tests/secrets/data/gen_positives.py       # prints the count per class (never values)

Values are made at run time and never written to the repository: each has a random body, and
where the format carries a checksum or structure it is valid (GitHub and npm CRC32, JWTs that
decode with ``role: service_role``, PEM bodies that are DER). Each record: ``class``, ``value``,
``name`` (variable it belongs under), ``flag``, ``header`` (``Authorization`` or a key header),
``query`` (URL parameter), ``url`` (``query``, ``fragment``, ``userinfo``, ``password`` or
``none``), ``bare`` (recognisable alone as a positional argument).
"""

from __future__ import annotations

import random
import string
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from secret_formats import ALNUM, B64, B64URL, HEX, aws_key_id, chars, crc_token, jwt, password, pem  # noqa: E402

SEED = 20261207


def _rec(cls: str, value: str, name: str, *, flag: str = "--api-key", header: str = "Authorization", query: str = "api_key",
         url: str = "query", bare: bool = True) -> dict[str, object]:
    return {"class": cls, "value": value, "name": name, "flag": flag, "header": header, "query": query, "url": url, "bare": bare}


def positives(seed: int = SEED) -> list[dict[str, object]]:
    rng = random.Random(seed)
    out: list[dict[str, object]] = []
    add = out.append
    for prefix, name in (("ghp_", "GITHUB_PERSONAL_ACCESS_TOKEN"), ("gho_", "GH_TOKEN"), ("ghu_", "GITHUB_TOKEN"), ("ghs_", "GITHUB_APP_TOKEN"), ("ghr_", "GITHUB_REFRESH_TOKEN")):
        for _ in range(12):
            add(_rec("GitHub token", crc_token(rng, prefix), name, flag="--github-token", query="access_token"))
    for _ in range(20):
        add(_rec("GitHub fine-grained token", "github_pat_" + chars(rng, ALNUM, 22) + "_" + chars(rng, ALNUM, 59), "GITHUB_TOKEN", flag="--token"))
        add(_rec("npm token", crc_token(rng, "npm_"), "NPM_TOKEN", flag="--npm-token", query="token"))
        kind = rng.choice(["xoxb", "xoxp"])
        add(_rec("Slack token", f"{kind}-{rng.randint(10**10, 10**13)}-{rng.randint(10**10, 10**13)}-" + chars(rng, ALNUM, 24), "SLACK_BOT_TOKEN", flag="--slack-token", query="token"))
        add(_rec("Stripe secret key", rng.choice(["sk_live_", "rk_live_"]) + chars(rng, ALNUM, rng.choice([24, 99])), "STRIPE_SECRET_KEY", flag="--stripe-key"))
        add(_rec("OpenAI key", "sk-proj-" + chars(rng, B64URL, rng.choice([48, 64, 156])), "OPENAI_API_KEY"))
        add(_rec("Anthropic key", "sk-ant-api03-" + chars(rng, B64URL, 93) + "AA", "ANTHROPIC_API_KEY", header="x-api-key"))
        add(_rec("AWS access key id", aws_key_id(rng, rng.choice(["AKIA", "ASIA"])), "AWS_ACCESS_KEY_ID", flag="--aws-access-key-id", query="X-Amz-Credential", header="X-Aws-Access-Key"))
        add(_rec("AWS secret key", chars(rng, B64, 40), "AWS_SECRET_ACCESS_KEY", flag="--aws-secret-access-key", query="aws_secret", header="X-Aws-Secret-Key", bare=False))
        add(_rec("Supabase service_role JWT", jwt(rng, {"iss": "supabase", "ref": chars(rng, string.ascii_lowercase, 20), "role": "service_role"}), "SUPABASE_SERVICE_ROLE_KEY", flag="--supabase-key"))
    for _ in range(12):
        add(_rec("GCP service-account private key", pem(rng, "PRIVATE KEY", newline="\\n", size=1190), "GOOGLE_PRIVATE_KEY", flag="--private-key", header="X-Private-Key", url="none"))
        add(_rec("PEM private key", pem(rng, rng.choice(["RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "PRIVATE KEY"]), size=rng.choice([120, 600])).rstrip(),
                 "SSH_PRIVATE_KEY", flag="--key", header="X-Private-Key", url="none"))
    for _ in range(15):
        add(_rec("Google API key", "AIza" + chars(rng, ALNUM + "-_", 35), "GOOGLE_API_KEY", query="key"))
        add(_rec("GitLab token", "glpat-" + chars(rng, ALNUM + "-_", 20), "GITLAB_PERSONAL_ACCESS_TOKEN", flag="--token", query="private_token"))
        add(_rec("Hugging Face token", "hf_" + chars(rng, ALNUM, 34), "HF_TOKEN", flag="--token"))
        add(_rec("Groq key", "gsk_" + chars(rng, ALNUM, 52), "GROQ_API_KEY"))
    for _ in range(10):
        add(_rec("Stripe webhook secret", "whsec_" + chars(rng, ALNUM, 32), "STRIPE_WEBHOOK_SECRET", flag="--webhook-secret", query="secret"))
        add(_rec("SendGrid key", "SG." + chars(rng, B64URL, 22) + "." + chars(rng, B64URL, 43), "SENDGRID_API_KEY"))
    names = ["PGPASSWORD", "MYSQL_PWD", "DBPASSWORD", "DB_PASSWORD", "SMTP_PASS", "REDIS_PASSWORD", "MSSQL_SA_PASSWORD", "ADMIN_PASSWD",
             "KEYSTORE_PASSPHRASE", "NEO4J_PASSWORD", "ODOO_PASSWORD", "MONGO_INITDB_ROOT_PASSWORD"]
    for i in range(60):
        add(_rec("password", password(rng), names[i % len(names)], flag="--password", header="X-DB-Password", url="password", bare=False))
    joined = ["GITHUBTOKEN", "OPENAIKEY", "APITOKEN", "AUTHTOKEN", "SLACKTOKEN", "STRIPEKEY", "ANTHROPICKEY", "APISECRET", "CLIENTSECRET", "ACCESSTOKEN"]
    for i in range(40):
        add(_rec("run-together name", chars(rng, ALNUM, rng.choice([32, 40])), joined[i % len(joined)], flag="--" + joined[i % len(joined)].lower(),
                 header="X-" + joined[i % len(joined)].title(), bare=False))
    for _ in range(20):
        add(_rec("key under vendor name", str(__import__("uuid").UUID(int=rng.getrandbits(128), version=4)), rng.choice(["EXA_API_KEY", "PINECONE_API_KEY"]), bare=False))
        add(_rec("key under vendor name", chars(rng, HEX, 32), rng.choice(["DATADOG_API_KEY", "ACME_API_KEY", "WEATHER_API_KEY"]), bare=False))
    for _ in range(25):
        add(_rec("token after short flag", chars(rng, ALNUM, rng.choice([32, 40])), "API_TOKEN", flag=rng.choice(["-k", "-t"]), bare=False))
        add(_rec("token as URL userinfo", chars(rng, ALNUM, rng.choice([32, 40])), "GIT_TOKEN", url="userinfo", bare=False))
        add(_rec("token in URL fragment", chars(rng, B64URL, rng.choice([32, 43])), "ACCESS_TOKEN", url="fragment", query="access_token", bare=False))
    for _ in range(10):
        add(_rec("token as URL userinfo", crc_token(rng, "ghp_"), "GIT_TOKEN", url="userinfo"))
        add(_rec("token in URL fragment", "ya29." + chars(rng, B64URL, 80), "ACCESS_TOKEN", url="fragment", query="access_token"))
    return out


if __name__ == "__main__":
    counts = Counter(str(r["class"]) for r in positives())
    for cls, n in sorted(counts.items()):
        print(f"{n:5}  {cls}")
    print(f"{sum(counts.values()):5}  total")
