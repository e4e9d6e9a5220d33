"""An auditor's verifier of a `tandem audit export --format jsonl` file, written from
the README's "Audit chain" section alone, with the standard library only (run with
`python -I -S`): it imports nothing of Tandem's. Exit 0 when every line holds."""

import base64
import hashlib
import json
import sys

with open(sys.argv[1], encoding="utf-8") as export:
    texts = export.read().splitlines()
previous, number = None, 0
for number, text in enumerate(texts, start=1):
    line = json.loads(text)
    if previous is not None and line["previousHash"] != previous["hash"]:
        sys.exit(f"line {number}: not linked to the line before")
    base64.b64decode(line["state"], validate=True)
    fields = [line["previousHash"] or "", str(line["position"]), line["productId"]]
    fields += [str(line["version"]), line["topic"], line["state"]]
    digest = hashlib.sha256("\n".join(fields).encode("utf-8")).hexdigest()
    if digest != line["hash"]:
        sys.exit(f"line {number}: hash mismatch")
    previous = line
print("verified", number, "decisions; head", previous and previous["hash"])
