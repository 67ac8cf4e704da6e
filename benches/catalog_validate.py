#!/usr/bin/env python3
"""Benchmark: `plat catalog validate` against Backstage's own validators.

Generates synthetic catalogs (1k, 10k and 50k entities, five per file, in
nested directories; one set all valid, one with ~5% invalid documents),
then times `plat catalog validate` and the reference validator
(../shared/tools/backstage-verdicts/run) on the same files, in the same run,
and reports wall time and peak memory (max RSS) of each.

Usage: benches/catalog_validate.py [--sizes 1000,10000,50000] [--runs 3]
       [--skip-reference] [--keep DIR]
Builds plat in release mode first. Not a test: it prints figures.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REFERENCE = os.path.join(ROOT, "..", "shared", "tools", "backstage-verdicts", "run")
PER_FILE = 5


def entity(i, invalid):
    """One entity document; every tenth team owns the components around it."""
    team = f"team-{i % 50}"
    kind = ("Component", "Component", "Component", "API", "Resource")[i % 5]
    name = f"svc-{i}"
    if invalid:
        # A spread of Backstage rule violations.
        flavour = i % 4
        if flavour == 0:
            name = f"Bad Name {i}"
        elif flavour == 1:
            return f"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\nspec:\n  type: service\n  lifecycle: production\n"
        elif flavour == 2:
            kind = "Service"
        else:
            return f"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\n  tags: [Not A Tag]\nspec:\n  type: service\n  lifecycle: production\n  owner: {team}\n"
    common = (
        f"apiVersion: backstage.io/v1alpha1\nkind: {kind}\nmetadata:\n  name: {name}\n"
        f"  description: Synthetic entity number {i} for the benchmark\n"
        f"  annotations:\n    github.com/project-slug: acme/{name}\n    backstage.io/techdocs-ref: dir:.\n"
        f"  tags: [go, bench]\n  links:\n    - url: https://example.com/{name}\n      title: Dashboard\n"
    )
    if kind == "API":
        return common + f"spec:\n  type: openapi\n  lifecycle: production\n  owner: {team}\n  system: system-{i % 20}\n  definition: 'openapi: 3.0.0'\n"
    if kind == "Resource":
        return common + f"spec:\n  type: database\n  owner: {team}\n  system: system-{i % 20}\n"
    return common + (
        f"spec:\n  type: service\n  lifecycle: production\n  owner: {team}\n  system: system-{i % 20}\n"
        f"  providesApis: [svc-{(i // 5) * 5 + 3}]\n  dependsOn:\n    - resource:svc-{(i // 5) * 5 + 4}\n"
    )


def org():
    docs = []
    for t in range(50):
        docs.append(f"apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-{t}\nspec:\n  type: team\n  children: []\n")
    for s in range(20):
        docs.append(f"apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: system-{s}\nspec:\n  owner: team-{s}\n")
    return "---\n".join(docs)


def generate(directory, size, invalid_share, seed=7):
    rng = random.Random(seed)
    os.makedirs(directory, exist_ok=True)
    files = []
    os.makedirs(os.path.join(directory, "org"), exist_ok=True)
    with open(os.path.join(directory, "org", "catalog-info.yaml"), "w") as f:
        f.write(org())
    files.append(os.path.join("org", "catalog-info.yaml"))
    for start in range(0, size, PER_FILE):
        docs = [entity(i, rng.random() < invalid_share) for i in range(start, min(start + PER_FILE, size))]
        n = start // PER_FILE
        rel = os.path.join(f"area-{n % 40}", f"group-{n % 7}", f"svc-{n}", "catalog-info.yaml")
        path = os.path.join(directory, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write("---\n".join(docs))
        files.append(rel)
    return files


def measure(cmd, cwd):
    """Wall seconds and peak RSS (MB) of one run of `cmd`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, code


def best(cmd, cwd, runs):
    results = [measure(cmd, cwd) for _ in range(runs)]
    wall = min(r[0] for r in results)
    rss = max(r[1] for r in results)
    return wall, rss, results[0][2]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=5, help="plat runs per case (best wall time is kept)")
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--keep", help="generate into this directory and keep it")
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    plat = os.path.join(ROOT, "target", "release", "plat")
    reference = os.path.abspath(REFERENCE)
    have_reference = not args.skip_reference and os.access(reference, os.X_OK)
    if not have_reference and not args.skip_reference:
        print(f"note: {reference} not found; reference timings skipped", file=sys.stderr)
    if have_reference:
        # First use installs npm packages; keep that out of the timings.
        subprocess.run([reference, "/dev/null"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    base = args.keep or tempfile.mkdtemp(prefix="plat-bench-")
    rows = []
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            for label, share in (("valid", 0.0), ("5% invalid", 0.05)):
                directory = os.path.join(base, f"{size}-{'valid' if share == 0 else 'invalid'}")
                files = generate(directory, size, share)
                # Write the new files out, so that writeback does not run
                # during the timings, and warm the page cache once.
                os.sync()
                measure([plat, "--no-input", "catalog", "validate", "."], directory)
                wall, rss, code = best([plat, "--no-input", "catalog", "validate", "--format", "json", "."], directory, args.runs)
                expected = 0 if share == 0 else 1
                if code != expected:
                    print(f"warning: plat exited {code} on {directory}, expected {expected}", file=sys.stderr)
                row = {"size": size, "label": label, "files": len(files), "plat_s": wall, "plat_mb": rss}
                if have_reference:
                    rwall, rrss, _ = best([reference, *files], directory, 1)
                    row.update(ref_s=rwall, ref_mb=rrss, speedup=rwall / wall)
                rows.append(row)
                print(f"{size:>6} {label:<10} plat {wall:7.3f} s {rss:6.1f} MB"
                      + (f" | reference {row['ref_s']:7.2f} s {row['ref_mb']:6.1f} MB | {row['speedup']:6.1f}x" if have_reference else ""),
                      file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)

    print("\n| entities | documents | files | plat wall | plat peak RSS | reference wall | reference peak RSS | speed-up |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        ref = (f"{r['ref_s']:.2f} s | {r['ref_mb']:.0f} MB | {r['speedup']:.0f}x" if "ref_s" in r else "- | - | -")
        print(f"| {r['size']:,} | {r['label']} | {r['files']:,} | {r['plat_s']:.3f} s | {r['plat_mb']:.0f} MB | {ref} |")


if __name__ == "__main__":
    main()
