#!/usr/bin/env python3
"""Benchmark: `plat dora` on a generated repository of 100,000 commits and
2,000 tags, against `git rev-list --all --count` on the same repository, in
the same run. The target: plat at most 3x git's time.

The repository is written with `git fast-import` (fast, and real git
objects): a main line with a merged two-commit branch every 50 commits,
commits ten minutes apart in three time zones, an annotated `vN` tag every
50 commits an hour after its commit, then `git gc` so that both tools read
packs, as they would in a real clone.

Usage: benches/dora.py [--commits 100000] [--tags 2000] [--runs 5] [--keep DIR]
(with --keep, a repository already in DIR/repo is reused)
Not a test: it prints figures. Uses target/release/plat (cargo build --release).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BASE = 1_700_000_000  # 2023-11-14
ZONES = ["+0000", "+0530", "-0800"]


def data(text):
    """fast-import's exact-length data, and the one newline it allows after."""
    return f"data {len(text.encode())}\n{text}\n"


def fast_import_stream(commits, tags):
    every = commits // tags
    out = []
    mark = 0
    main_tip = None
    tagged = 0
    i = 0

    def commit(ref, when, zone, message, parents, file=None):
        nonlocal mark
        mark += 1
        lines = [f"commit {ref}\nmark :{mark}\n",
                 f"author Dev <dev@example.com> {when} {zone}\n",
                 f"committer Dev <dev@example.com> {when} {zone}\n",
                 data(message)]
        if parents:
            lines.append(f"from :{parents[0]}\n")
        lines.extend(f"merge :{p}\n" for p in parents[1:])
        if file:
            lines.append(f"M 644 inline {file[0]}\n" + data(file[1]))
        out.append("".join(lines))
        return mark

    while i < commits:
        t = BASE + i * 600
        zone = ZONES[i % 3]
        if i % 50 == 25 and main_tip is not None and i + 3 <= commits:
            # A two-commit branch off main, merged back.
            first = commit("refs/heads/topic", t, zone, "branch 0", [main_tip], ("topic.txt", f"{i} 0"))
            second = commit("refs/heads/topic", t + 60, zone, "branch 1", [first], ("topic.txt", f"{i} 1"))
            main_tip = commit("refs/heads/main", t + 300, zone, "merge", [main_tip, second])
            i += 3
        else:
            parents = [main_tip] if main_tip else []
            main_tip = commit("refs/heads/main", t, zone, f"commit {i}", parents, (f"file{i % 100}.txt", str(i)))
            i += 1
        if i // every > tagged and tagged < tags:
            tagged += 1
            out.append(f"tag v{tagged}\nfrom :{main_tip}\n"
                       f"tagger Release <release@example.com> {t + 3600} +0000\n" + data("release"))
    return "".join(out), BASE + commits * 600


def timed(command, cwd):
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{command} failed: {result.stderr}")
    return elapsed, result.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=100_000)
    parser.add_argument("--tags", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep")
    args = parser.parse_args()
    plat = os.path.join(ROOT, "target", "release", "plat")
    if not os.path.exists(plat):
        raise SystemExit("build it first: cargo build --release")

    work = args.keep or tempfile.mkdtemp(prefix="plat-dora-bench-")
    repo = os.path.join(work, "repo")
    stream, end = fast_import_stream(args.commits, args.tags)
    if os.path.exists(os.path.join(repo, ".git")):
        print(f"reusing {repo}")
    else:
        subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
        started = time.perf_counter()
        subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=stream.encode(), check=True)
        subprocess.run(["git", "gc", "-q"], cwd=repo, check=True)
        print(f"generated in {time.perf_counter() - started:.1f} s")
    with open(os.path.join(repo, "catalog-info.yaml"), "w") as f:
        f.write("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bench\n"
                "spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n")

    count = subprocess.run(["git", "rev-list", "--all", "--count"], cwd=repo, capture_output=True, text=True).stdout.strip()
    tag_count = len(subprocess.run(["git", "tag"], cwd=repo, capture_output=True, text=True).stdout.split())
    print(f"repository: {count} commits, {tag_count} tags")

    # The whole history as the window: every tag's changes are computed.
    start = time.strftime("%Y-%m-%d", time.gmtime(BASE - 86400))
    finish = time.strftime("%Y-%m-%d", time.gmtime(end + 86400))
    whole = [plat, "dora", "bench", "--from", start, "--to", finish, "-o", "json"]
    default = [plat, "dora", "bench", "--to", finish, "-o", "json"]
    git = ["git", "rev-list", "--all", "--count"]
    results = {"git rev-list --all --count": [], "plat dora (whole history)": [], "plat dora (last 30 days)": []}
    for _ in range(args.runs):
        results["git rev-list --all --count"].append(timed(git, repo)[0])
        elapsed, out = timed(whole, repo)
        results["plat dora (whole history)"].append(elapsed)
        elapsed, _ = timed(default, repo)
        results["plat dora (last 30 days)"].append(elapsed)
    import json
    report = json.loads(out)
    metrics = report["services"][0]["metrics"]
    print(f"plat saw {metrics['deployments']} deployments and {metrics['changes']} changes")
    baseline = statistics.median(results["git rev-list --all --count"])
    for name, times in results.items():
        median = statistics.median(times)
        print(f"{name:32} median {median:.3f} s  (min {min(times):.3f})  {median / baseline:.2f}x git")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
