#!/usr/bin/env python3
"""Where a JVM's CPU went, from a JFR recording's execution samples: the share of samples per concern (a sample counts
for the first concern, in the order below, that any frame of its stack belongs to) and the top self frames.
JFR's execution samples see only threads running Java code; SQLite runs as native code, which JFR's native method
samples see (every 20 ms under settings=profile, twice the Java period). Those in org.sqlite count twice here; other
native samples are threads waiting (sockets, polls) and are left out.
Usage: bench/jfr-top.py RECORDING.jfr [TOP]   (needs the JDK's jfr on the PATH)"""
import re
import subprocess
import sys
from collections import Counter

# (concern, frame prefixes): checked in this order against every frame of a sample's stack, leaf first within a concern
CONCERNS = [
    ("SQLite (driver + native)", ("org.sqlite.",)),
    ("JSON generation (simulator)", ("com.fasterxml.jackson.core.json.UTF8JsonGenerator", "com.fasterxml.jackson.core.JsonGenerator",
                                     "com.marketbars.ingest.simulator.VendorSimulator.writeBar")),
    ("synthetic bars (simulator)", ("com.marketbars.ingest.simulator.SyntheticBars",)),
    ("JSON parse (Jackson)", ("com.fasterxml.jackson.",)),
    ("mapper + quality gate", ("com.marketbars.ingest.providers.", "com.marketbars.ingest.quality.")),
    ("store (bind, transaction)", ("com.marketbars.ingest.store.",)),
    ("HTTP client", ("org.apache.hc.", "org.apache.http.", "org.apache.camel.component.http")),
    ("HTTP server (simulator)", ("sun.net.httpserver.", "com.sun.net.httpserver.")),
    ("Camel routing", ("org.apache.camel.",)),
]


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample", "--stack-depth", "200", path],
                         check=True, capture_output=True, text=True).stdout
    concerns, selves, total = Counter(), Counter(), 0
    for event in re.split(r"^jdk\.", out, flags=re.M)[1:]:
        frames = re.findall(r"^\s+([\w$.<>/]+)\(", event, re.M)
        if not frames:
            continue
        weight = 1
        if event.startswith("NativeMethodSample"):
            if not any(f.startswith("org.sqlite.") for f in frames):
                continue
            weight = 2
        total += weight
        selves[frames[0]] += weight
        concerns[concern(frames)] += weight
    print(f"{path}: {total} samples (10 ms each)")
    for name, n in concerns.most_common():
        print(f"  {100.0 * n / total:5.1f}%  {name}")
    print(f"  top {top} self frames:")
    for name, n in selves.most_common(top):
        print(f"  {100.0 * n / total:5.1f}%  {name}")


def concern(frames):
    for name, prefixes in CONCERNS:
        if any(f.startswith(prefixes) for f in frames):
            return name
    if any(f.startswith(("java.util.concurrent.", "jdk.internal.misc.Unsafe.park")) for f in frames):
        return "threads, queues"
    return "other (JVM, GC threads are not sampled; " + frames[-1].rsplit(".", 1)[0] + "...)"


if __name__ == "__main__":
    main()
