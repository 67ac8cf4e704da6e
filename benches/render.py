#!/usr/bin/env python3
"""Benchmark: rendering a 2,000-file skeleton with plat's fetch:template
and with Backstage's renderer (../shared/tools/backstage-render/run), same
values, same run; and `plat new golang-microservice --dry-run` wall time.

The skeleton mixes what real ones hold: templated names, text files with
expressions, conditionals and loops, plain files copied by a
copyWithoutTemplating glob, and binary files. Both outputs are compared
before timing counts (a benchmark of different results means nothing).

Usage: benches/render.py [--files 2000] [--runs 5] [--keep DIR]
With --keep /dev/shm/DIR everything is on tmpfs, which measures the
renderers rather than the disk (on this machine's disk, creating a file
costs from 0.05 to 0.5 ms depending on the host, for both renderers alike).
Not a test: it prints figures.
"""
import argparse
import filecmp
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

TEXT = """# ${{ values.name }} module %(i)d

Owner: ${{ values.owner }}; replicas ${{ values.replicas * 2 }}.
{%% if values.database != "none" %%}Database: ${{ values.database | upper }}{%% else %%}No database{%% endif %%}
{%% for tag in values.tags %%}- ${{ tag | title }} (${{ loop.index }})
{%% endfor %%}
package ${{ values.name | replace("-", "") }}

func Handler%(i)d() string { return "${{ values.destination.owner }}/${{ values.destination.repo }}" }
%(filler)s
"""


def generate(directory, count):
    os.makedirs(directory)
    filler = "\n".join(f"// line {n}: ${{{{ values.description }}}}" for n in range(40))
    for i in range(count):
        group = f"pkg{i % 40}"
        kind = i % 10
        if kind == 8:
            path = os.path.join(directory, "assets", group, f"image{i}.png")
            content = bytes([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 13]) + bytes(range(256)) * 8
        elif kind == 9:
            path = os.path.join(directory, "vendor", group, f"file{i}.txt")
            content = ("kept as is ${{ values.name }}\n" * 40).encode()
        else:
            path = os.path.join(directory, "${{ values.name }}", group, f"file{i}.md")
            content = (TEXT % {"i": i, "filler": filler}).encode()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(content)


VALUES = {
    "name": "payments-service",
    "owner": "group:default/payments",
    "description": "Takes payments",
    "replicas": 3,
    "database": "postgresql",
    "tags": ["go", "payments", "critical"],
    "destination": {"host": "github.com", "owner": "acme", "repo": "payments-service"},
}


def timed(make_command, runs):
    """Runs `make_command(i)` `runs` times; each run writes a fresh output
    directory (deleting the previous one between runs makes the kernel's
    deferred work land in the next run's timing)."""
    times = []
    for i in range(runs):
        command = make_command(i)
        # The previous run's dirty pages are written back first, so that
        # neither renderer pays for the other's writes.
        os.sync()
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def same_tree(a, b):
    comparison = filecmp.dircmp(a, b)
    if comparison.left_only or comparison.right_only or comparison.diff_files or comparison.funny_files:
        return False
    mismatch = filecmp.cmpfiles(a, b, comparison.common_files, shallow=False)[1]
    return not mismatch and all(same_tree(os.path.join(a, d), os.path.join(b, d)) for d in comparison.common_dirs)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep")
    parser.add_argument("--reference", default=os.path.join(ROOT, "..", "shared", "tools", "backstage-render", "run"))
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    plat = os.path.join(ROOT, "target", "release", "plat")
    work = args.keep or tempfile.mkdtemp(prefix="plat-render-bench-")
    skeleton = os.path.join(work, "skeleton")
    if os.path.exists(skeleton):
        shutil.rmtree(skeleton)
    generate(skeleton, args.files)
    values_file = os.path.join(work, "values.json")
    with open(values_file, "w") as f:
        json.dump(VALUES, f)
    glob = ["--copy-without-templating", "vendor/**"]

    def plat_cmd(i):
        return [plat, "-q", "templates", "render", skeleton, "--values", values_file, "--output", os.path.join(work, f"plat-{i}")] + glob

    def reference_cmd(i):
        out = os.path.join(work, f"backstage-{i}")
        os.makedirs(out)
        return [args.reference, skeleton, values_file, out] + glob

    # Warm both (npm install on first use, page cache), then check they agree.
    timed(lambda i: reference_cmd("warm"), 1)
    timed(lambda i: plat_cmd("warm"), 1)
    if not same_tree(os.path.join(work, "plat-warm"), os.path.join(work, "backstage-warm")):
        raise SystemExit("plat and Backstage rendered different trees; run scripts/render-parity")

    # Interleaved, so that both see the same machine.
    plat_times, reference_times = [], []
    for i in range(args.runs):
        plat_times += timed(lambda _: plat_cmd(i), 1)
        reference_times += timed(lambda _: reference_cmd(i), 1)
    p, r = statistics.median(plat_times), statistics.median(reference_times)
    print(f"skeleton: {args.files} files, outputs identical")
    print(f"plat templates render:      median {p:.3f} s (runs: {', '.join(f'{t:.3f}' for t in plat_times)})")
    print(f"backstage fetch:template:   median {r:.3f} s (runs: {', '.join(f'{t:.3f}' for t in reference_times)})")
    print(f"plat is {r / p:.1f}x faster (medians); best runs: plat {min(plat_times):.3f} s, Backstage {min(reference_times):.3f} s, {min(reference_times) / min(plat_times):.1f}x")

    # `plat new golang-microservice --dry-run`: the whole command, template
    # discovery, parameters, every step and the plan.
    project = os.path.join(work, "project")
    os.makedirs(project, exist_ok=True)
    new_cmd = [
        plat, "-C", project, "--no-input", "new", "golang-microservice", "--dry-run",
        "--set", "name=payments-service", "--set", "description=Takes payments",
        "--set", "owner=group:default/payments", "--set", "database=postgresql", "--set", "cache=redis",
        "--set", "repoUrl=github.com?owner=acme&repo=payments-service",
    ]
    new_times = timed(lambda _: new_cmd, args.runs)
    print(f"plat new golang-microservice --dry-run: median {statistics.median(new_times) * 1000:.1f} ms "
          f"(runs: {', '.join(f'{t * 1000:.1f}' for t in new_times)})")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
