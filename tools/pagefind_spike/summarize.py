#!/usr/bin/env python3
"""Summarize measure.py's output (one JSON object per line) read from stdin."""
import json
import sys

for line in sys.stdin:
    if not line.startswith("{"):
        continue
    d = json.loads(line)
    print(f'{d.get("q")!r}: {d.get("count")} results, {d.get("bytes")} bytes {d.get("by_kind")}'
          f' {d.get("error") or ""}')
    for t in d.get("top", [])[:3]:
        print("   ", t["url"], "|", t["title"][:50], "|", t["excerpt"][:100])
