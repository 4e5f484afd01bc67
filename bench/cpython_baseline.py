#!/usr/bin/env python3
"""cpython_baseline.py: CPython's concurrent.futures.ThreadPoolExecutor on poolscope-bench's workloads.

`submit`: submit N empty calls, then result() each; `map`: sum(ex.map(square, range(N))). Prints
"cpython <workload> <workers> <tasks/s>" (median of --repeat runs) and "cpython version V"; poolscope-bench
runs it after each round, or run it alone: python3 bench/cpython_baseline.py --workers 1 2 4 8
"""
import argparse
import platform
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def noop():
    pass


def square(x):
    return x * x


def start_all_workers(ex, workers):
    # Like the C++ side: every worker running before timing (CPython starts threads lazily).
    barrier = threading.Barrier(workers, timeout=30)
    for f in [ex.submit(barrier.wait) for _ in range(workers)]:
        f.result()


def submit_result(ex, n):
    start = time.perf_counter()
    futures = [ex.submit(noop) for _ in range(n)]
    for f in futures:
        f.result()
    return n / (time.perf_counter() - start)


def map_square(ex, n):
    start = time.perf_counter()
    sum(ex.map(square, range(n)))
    return n / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"cpython version {platform.python_version()}", flush=True)
    for workers in args.workers:
        with ThreadPoolExecutor(max_workers=workers) as ex:
            start_all_workers(ex, workers)
            for name, workload in (("submit", submit_result), ("map", map_square)):
                workload(ex, min(args.tasks, 1000))  # warm-up
                rates = [workload(ex, args.tasks) for _ in range(args.repeat)]
                print(f"cpython {name} {workers} {statistics.median(rates):.0f}", flush=True)


if __name__ == "__main__":
    main()
