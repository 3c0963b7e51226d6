"""Long-run fuzzer for the sandbox boundary: only ``DatawayError`` may leave the library.

Usage (from the repository root)::

    .venv/bin/python -m tests.security.fuzz --inputs 1000000 [--seed N] [--seconds S]
                                            [--workers W]

Each input is one of: random bytes (check+compile), a random token stream (check, compile,
evaluate), or a small well-formed random program (evaluate), in a random mode, all under
small limits (:data:`gen.FUZZ_LIMITS`). A failure is any other exception leaving
``dataway.check``/``compile``/``evaluate``, or a worker process dying (a host crash). Findings
are printed with the seed and the input so they can be replayed; the exit status is 1 when
there are findings. Inputs are spread over ``--workers`` processes, each with its own seed
(``seed + worker``), so a crash only loses one worker's remaining share.

hypothesis drives the in-suite version (``test_properties.py``); this script uses plain
``random`` because it is several times faster per input for long runs.
"""
from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import time
from collections import Counter

from .gen import MODES, Escaped, only_dataway_errors, random_bytes, random_program, random_tokens


def one_input(rng: random.Random) -> tuple[object, str, bool]:
    """(source, mode, evaluate) for the next input."""
    roll = rng.random()
    if roll < 0.2:
        return random_bytes(rng), rng.choice(MODES), False
    if roll < 0.6:
        return random_tokens(rng), rng.choice(MODES), True
    return random_program(rng), "code", True


def worker(seed: int, inputs: int, deadline: float, out: "multiprocessing.Queue") -> None:
    rng = random.Random(seed)
    kinds: Counter[str] = Counter()
    findings = []
    done = 0
    for done in range(1, inputs + 1):
        source, mode, evaluate = one_input(rng)
        try:
            # Every 10th input also runs dataway.check on its own (the language-server path);
            # compile runs the same checker, so the rest skip it and go twice as fast.
            kinds[only_dataway_errors(source, mode, evaluate, check=done % 10 == 0)] += 1
        except Escaped as exc:
            findings.append(f"{exc} <- {exc.__cause__!r}")
        if done % 500 == 0 and time.monotonic() > deadline:
            break
    out.put((seed, done, dict(kinds), findings))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seconds", type=float, default=float("inf"),
                        help="stop early after this many seconds")
    parser.add_argument("--workers", type=int, default=max(1, (multiprocessing.cpu_count() or 2)))
    args = parser.parse_args(argv)
    deadline = time.monotonic() + args.seconds
    queue: multiprocessing.Queue = multiprocessing.Queue()
    share = -(-args.inputs // args.workers)
    procs = [multiprocessing.Process(target=worker, args=(args.seed + w, share, deadline, queue))
             for w in range(args.workers)]
    for p in procs:
        p.start()
    results = []
    while len(results) < len(procs):
        try:
            results.append(queue.get(timeout=5))
        except Exception:  # queue.Empty: stop waiting once every worker has ended
            if not any(p.is_alive() for p in procs):
                break
    for p in procs:
        p.join()
    total = sum(r[1] for r in results)
    kinds: Counter[str] = Counter()
    findings = []
    for seed, _, k, f in results:
        kinds.update(k)
        findings += [f"seed {seed}: {x}" for x in f]
    crashed = [p.exitcode for p in procs if p.exitcode != 0]  # a host crash kills a worker
    print(f"inputs: {total}  outcomes: {dict(kinds)}  findings: {len(findings)}  "
          f"crashed workers: {len(crashed)}")
    for line in findings[:50]:
        print(line)
    return 1 if findings or crashed else 0


if __name__ == "__main__":
    sys.exit(main())
