#!/usr/bin/env python3
"""Where a command's CPU goes, thread by thread, while its database writer works.

Usage: bench/thread-cpu.py [--beside PID] -- COMMAND [ARGS...]

Runs COMMAND and reads /proc/PID/task/*/stat of it every 10 ms, and /proc/PID/stat of the process --beside (e.g. the
simulator; its whole CPU, threads that ended included). Prints the CPU seconds of each group of threads from the
writer's first to its last CPU tick - the window in which the backfill's bars/s is earned - and the process beside it
in the same window, beside the core-seconds the machine had. Linux keeps the first 15 characters of a thread's name,
which is the group: every Camel thread is "Camel (camel-2)", and "ingest-db-writes" is "ingest-db-write" as are the
housekeeping threads of the pool "ingest-db-writer" - the writer is the busiest thread of that name. Its own reading
costs a few percent of a core. Used for docs/benchmarks.md (2026-11-29, noon).
"""
import collections
import os
import subprocess
import sys
import time

WRITER = 'ingest-db-write'
TICK = os.sysconf('SC_CLK_TCK')


def threads(pid):
    """{tid: (name, user + system ticks)} of the process's threads now; {} once it is gone."""
    out = {}
    try:
        tids = os.listdir(f'/proc/{pid}/task')
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f'/proc/{pid}/task/{tid}/stat') as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index('(') + 1:stat.rindex(')')]
        fields = stat[stat.rindex(')') + 2:].split()
        out[tid] = (name, int(fields[11]) + int(fields[12]))
    return out


def process_ticks(pid):
    """User + system ticks of the whole process, its ended threads included (0 once it is gone)."""
    try:
        with open(f'/proc/{pid}/stat') as f:
            stat = f.read()
    except OSError:
        return 0
    fields = stat[stat.rindex(')') + 2:].split()
    return int(fields[11]) + int(fields[12])


def by_group(seen):
    groups = collections.Counter()
    for name, ticks in seen.values():
        groups[name] += ticks
    return groups


def main(argv):
    beside = None
    if argv[:1] == ['--beside']:
        beside, argv = int(argv[1]), argv[2:]
    if argv[:1] != ['--'] or len(argv) < 2:
        sys.exit(__doc__)
    start = time.time()
    process = subprocess.Popen(argv[1:])
    seen, samples = {}, []
    while process.poll() is None:
        seen.update(threads(process.pid))   # a thread that ended keeps its last reading
        other = process_ticks(beside) if beside else 0
        samples.append((time.time() - start, dict(seen), other))
        time.sleep(0.01)
    writers = [tid for tid, (name, _) in seen.items() if name == WRITER]
    if not writers:
        sys.exit(f'no thread named {WRITER} (exit {process.returncode})')
    writer = max(writers, key=lambda tid: seen[tid][1])
    ticks = [sample[1].get(writer, (WRITER, 0))[1] for sample in samples]
    busy = [i for i in range(1, len(samples)) if ticks[i] > ticks[i - 1]]
    if not busy:
        sys.exit(f'the thread {WRITER} used no CPU (exit {process.returncode})')
    (t0, before, other0), (t1, after, other1) = samples[busy[0] - 1], samples[busy[-1]]
    before, after = by_group(before), by_group(after)
    print(f'{" ".join(argv[1:3])}...: exit {process.returncode}, {samples[-1][0]:.2f} s; {WRITER} busy from {t0:.2f} s '
          f'to {t1:.2f} s ({t1 - t0:.2f} s); CPU seconds in that window (before it):')
    total = 0
    for group in sorted(after, key=lambda g: after[g] - before[g], reverse=True):
        spent = after[group] - before[group]
        total += spent
        if spent or before[group]:
            print(f'  {group:28s} {spent / TICK:5.2f}  ({before[group] / TICK:.2f})')
    if beside:
        total += other1 - other0
        print(f'  {"process " + str(beside):28s} {(other1 - other0) / TICK:5.2f}')
    print(f'  {"all":28s} {total / TICK:5.2f}  of {os.cpu_count() * (t1 - t0):.2f} core-seconds')
    return process.returncode


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
