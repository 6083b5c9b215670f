"""Seeds the fuzz corpora from the conformance vectors (tests/vectors):
events (one per file) for event_text and apply, batches for event_batch,
configurations for config, records / scopes / messages for inputs."""

import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parents[1]
out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "fuzz" / "corpus"
n = 0


def put(target: str, name: str, text: str) -> None:
    global n
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_text(text)
    n += 1


for path in sorted((root / "tests" / "vectors").glob("*.json")):
    v = json.loads(path.read_text())
    stem = path.stem
    put("config", f"{stem}.json", json.dumps(v.get("config", {})))
    for i, step in enumerate(v.get("steps", [])):
        args = step.get("args", {})
        if "event" in args:
            put("event_text", f"{stem}-{i}.json", json.dumps(args["event"]))
        if "events" in args:
            put("event_batch", f"{stem}-{i}.json", json.dumps(args["events"]))
        for key in ("record", "scope", "message"):
            if key in args:
                put("inputs", f"{stem}-{i}-{key}.json", json.dumps(args[key]))
        for r in args.get("records", []) if isinstance(args.get("records"), list) else []:
            put("inputs", f"{stem}-{i}-r{n}.json", json.dumps(r))
# The stateful target reads 4-byte steps; seed it with a few plain streams.
for s in range(8):
    put("apply", f"stream-{s}", "".join(chr(b) for b in bytes((k * 7 + s) % 256 for k in range(64))))
# The feeds target reads one byte (the source) then the feed's text.
SOURCES = {"asterisk-queue-log": 0, "asterisk-ami": 1, "freeswitch": 2, "connect": 3}
for d, k in SOURCES.items():
    for path in sorted((root / "tests" / "feeds" / d).glob("*")):
        if path.suffix in (".md", ".py") or path.name.startswith("LICENSE"):
            continue
        put("feeds", f"{d}-{path.name}", chr(k) + path.read_text(errors="replace"))
print(f"seeded {n} corpus files into {out}")
