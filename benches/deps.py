#!/usr/bin/env python3
"""Benchmark: `plat deps` on a synthetic catalog of 100,000 entities and
500,000 relations.

Generates a dependency graph (each entity depends on five others, mostly
earlier ones, with a few cycles; one hub entity that a tenth of the
catalog depends on directly), then times:

- `plat deps --check` over the whole catalog (wall time, load included);
- `plat deps hub --reverse -o json`: the full reverse closure of the hub,
  with the load and the closure timed apart (plat -v prints both).

Usage: benches/deps.py [--entities 100000] [--runs 3] [--keep DIR]
Not a test: it prints figures.
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PER_FILE = 20
DEPENDENCIES = 5


def generate(directory, count, seed=11):
    rng = random.Random(seed)
    relations = 0
    os.makedirs(directory, exist_ok=True)
    teams = 200
    with open(os.path.join(directory, "org.yaml"), "w") as f:
        f.write("---\n".join(
            f"apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-{t}\nspec:\n  type: team\n  children: []\n"
            for t in range(teams)))
    lifecycles = ["production"] * 8 + ["experimental", "deprecated"]
    for start in range(0, count, PER_FILE):
        docs = []
        for i in range(start, min(start + PER_FILE, count)):
            name = "hub" if i == 0 else f"svc-{i}"
            targets = set()
            while len(targets) < min(DEPENDENCIES, i):
                # Mostly earlier entities (a DAG), now and then a later one (cycles).
                j = rng.randrange(i) if rng.random() < 0.999 else rng.randrange(count)
                if j != i:
                    targets.add(j)
            if i % 10 == 0 and i > 0:
                targets.discard(0)
                targets.pop()
                targets.add(0)
            deps = "".join(f"    - component:{'hub' if j == 0 else f'svc-{j}'}\n" for j in sorted(targets))
            relations += len(targets)
            docs.append(
                f"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\n"
                f"spec:\n  type: service\n  lifecycle: {rng.choice(lifecycles)}\n  owner: team-{i % teams}\n"
                + (f"  dependsOn:\n{deps}" if deps else "")
            )
        n = start // PER_FILE
        path = os.path.join(directory, f"area-{n % 50}", f"part-{n}", "catalog-info.yaml")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write("---\n".join(docs))
    with open(os.path.join(directory, "plat.yaml"), "w") as f:
        f.write("catalog:\n  locations:\n    - ./org.yaml\n    - ./\n")
    return relations


def run(cmd, cwd):
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    plat = os.path.join(ROOT, "target", "release", "plat")
    directory = args.keep or tempfile.mkdtemp(prefix="plat-deps-bench-")
    try:
        relations = generate(directory, args.entities)
        os.sync()
        run([plat, "catalog", "validate"], directory)  # warm the page cache
        checks = [run([plat, "--no-input", "deps", "--check"], directory)[0] for _ in range(args.runs)]
        loads, closures, walls = [], [], []
        for _ in range(args.runs):
            wall, result = run([plat, "-v", "--no-input", "deps", "hub", "--reverse", "-o", "json"], directory)
            load = re.search(r"loaded \d+ entities in ([\d.]+)(ms|s|µs)", result.stderr)
            closure = re.search(r"computed in ([\d.]+)(ms|s|µs)", result.stderr)
            to_seconds = lambda m: float(m.group(1)) / {"s": 1, "ms": 1000, "µs": 1e6}[m.group(2)]
            loads.append(to_seconds(load))
            closures.append(to_seconds(closure))
            walls.append(wall)
    finally:
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)
    print(f"\n{args.entities:,} entities, {relations:,} dependsOn relations (x2 with their reverse)")
    print("| measurement | best of %d |" % args.runs)
    print("|---|---:|")
    print(f"| `plat deps --check` (wall, load included) | {min(checks):.2f} s |")
    print(f"| `plat deps hub --reverse -o json` (wall) | {min(walls):.2f} s |")
    print(f"| of which loading the catalog | {min(loads):.2f} s |")
    print(f"| of which the reverse closure and its JSON | {min(closures):.3f} s |")


if __name__ == "__main__":
    main()
