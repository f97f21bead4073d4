"""Build the packaged adult-domain lists from the public lists in ../shared/data/domains.

Run once when the upstream lists change: ``python scripts/build_domain_lists.py``. The
output under ``src/safeguard/data/domains/`` keeps each list's licence beside it.
"""

from __future__ import annotations

import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "domains"
OUT = Path(__file__).resolve().parents[1] / "src" / "safeguard" / "data" / "domains"


def _host(line: str) -> str | None:
    line = line.strip().lower()
    if not line or line.startswith("#"):
        return None
    host = line.split("/", 1)[0].split(":", 1)[0]
    if host.startswith("www."):
        host = host[4:]
    if "." not in host or host.replace(".", "").isdigit():
        return None  # bare IP addresses are not domains
    return host


def _write(name: str, hosts: set[str], header: str) -> None:
    body = "\n".join(sorted(hosts))
    (OUT / name).write_text(f"{header}\n{body}\n", encoding="utf-8")
    print(f"{name}: {len(hosts)} domains")


def main() -> int:
    if not SRC.is_dir():
        print(f"not found: {SRC}", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    lines = (SRC / "pi_blocklist_porn_top1m.list").read_text().splitlines()
    popular = {h for line in lines if (h := _host(line))}
    _write(
        "popular_porn_domains.txt",
        popular,
        "# Popular pornography domains (pi_blocklist_porn_top1m, chadmayfield)."
        " GPL-3.0: see LICENSE_POPULAR_PORN_DOMAINS.md.",
    )
    # The UT1 'adult' list is not shipped: every entry names a single page, not a whole site,
    # and its paths are page titles we do not want in the repository.
    sexual_education = {
        h
        for line in (SRC / "ut1" / "sexual_education_domains").read_text().splitlines()
        if (h := _host(line))
    }
    _write(
        "ut1_sexual_education_domains.txt",
        sexual_education,
        "# UT1 'sexual_education' domains: never flagged (allow-list)."
        " CC BY-SA 4.0: see LICENSE_UT1.md.",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
