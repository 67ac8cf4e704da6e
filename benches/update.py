#!/usr/bin/env python3
"""Benchmark: `plat update` of a 2,000-file project whose template changed
50 files between two versions (a few of them also edited by the project's
user), against `copier update` of the same project made from an equivalent
copier template, and against running `git merge-file` once per changed
file, in the same run. Target: plat under 1 s, and at least 5x faster than
copier (else than the git merge-file loop).

The template is a git repository holding a Backstage template (fetch:template
of a skeleton whose every file has a `${{ values.name }}` expression) tagged
v1.0.0 and v2.0.0; the copier template is the same files (`{{ name }}`,
every file a .jinja) in its own repository with the same tags. Each project
is made at v1.0.0 (`plat new --output`, `copier copy`), edited by "the user"
(ten files, five of them files the template changes, on other lines so that
the merges are clean), committed; each timed run updates it to v2.0.0, then
the project is reset to that commit. Before timing, the updated files are
checked: plat's merges equal what `git merge-file` makes of the same three
versions, and copier's result matches plat's.

Usage: benches/update.py [--files 2000] [--changed 50] [--runs 5] [--keep DIR] [--skip-copier]
copier comes from PATH, else from a virtualenv in ~/.cache/plat-bench/copier
(pip install copier); where neither works, copier is skipped and this says so.
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
USER_EDITED = 10
USER_EDITED_CHANGED = 5

TEMPLATE_YAML = """apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: bench-svc
  title: A service of 2,000 files, for benches/update.py
spec:
  owner: group:default/platform
  type: service
  parameters:
    - title: Service
      required: [name]
      properties:
        name:
          type: string
  steps:
    - id: fetch
      name: Render the skeleton
      action: fetch:template
      input:
        url: ./skeleton
        values:
          name: ${{ parameters.name }}
"""

COPIER_YML = """name:
  type: str
  help: The service's name
_templates_suffix: .jinja
"""

COPIER_ANSWERS = "# Changes here will be overwritten by Copier\n{{ _copier_answers|to_nice_yaml -}}\n"


def file_text(i, version, expression):
    """A file of the skeleton: 40 lines, the service's name in two of
    them; v2 changes line 5 of the changed files and adds a line at the end
    (a user's edit at line 30 merges cleanly with both)."""
    lines = [f"// {expression} module {i}: line {n}" for n in range(40)]
    lines[1] = f"package {expression}"
    if version == 2:
        lines[5] = f"// v2 changed line 5 of module {i}"
        lines.append(f"// v2 added a line to module {i}")
    return "\n".join(lines) + "\n"


def changed_by_template(count, changed):
    step = count // changed
    return {i * step for i in range(changed)}


def path_of(i):
    return f"pkg{i % 40}/file{i}.go"


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def write_version(directory, count, changed, version, copier):
    for i in range(count):
        changes = 2 if version == 2 and i in changed else 1
        if copier:
            path = os.path.join(directory, path_of(i) + ".jinja")
            text = file_text(i, changes, "{{ name }}")
        else:
            path = os.path.join(directory, "skeleton", path_of(i))
            text = file_text(i, changes, "${{ values.name }}")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    if copier:
        with open(os.path.join(directory, "copier.yml"), "w") as f:
            f.write(COPIER_YML)
        with open(os.path.join(directory, "{{ _copier_conf.answers_file }}.jinja"), "w") as f:
            f.write(COPIER_ANSWERS)
    else:
        with open(os.path.join(directory, "template.yaml"), "w") as f:
            f.write(TEMPLATE_YAML)


def template_repo(directory, count, changed, copier):
    """A repository with the template at v1.0.0 and v2.0.0."""
    os.makedirs(directory)
    git(directory, "init", "-q", "-b", "main")
    for version in (1, 2):
        write_version(directory, count, changed, version, copier)
        git(directory, "add", "-A")
        git(directory, "commit", "-q", "-m", f"v{version}")
        git(directory, "tag", f"v{version}.0.0")


def user_edits(project, count, changed):
    """The user edits ten files, five of them files v2 changes, at line 30
    (the template changes line 5 and the end): clean merges."""
    ours = sorted(changed)[:USER_EDITED_CHANGED]
    others = [i for i in range(1, count) if i not in changed][:USER_EDITED - USER_EDITED_CHANGED]
    for i in ours + others:
        path = os.path.join(project, path_of(i))
        with open(path) as f:
            lines = f.readlines()
        lines[30] = f"// the user's own line 30 in module {i}\n"
        with open(path, "w") as f:
            f.writelines(lines)
    git(project, "commit", "-q", "-am", "the user's edits")


def copier_command():
    """copier from PATH, else from a virtualenv in the cache (made once)."""
    found = shutil.which("copier")
    if found:
        return [found]
    venv = os.path.join(os.path.expanduser("~"), ".cache", "plat-bench", "copier")
    program = os.path.join(venv, "bin", "copier")
    if not os.path.exists(program):
        try:
            subprocess.run(["python3", "-m", "venv", venv], check=True)
            subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q", "copier"], check=True)
        except (subprocess.CalledProcessError, OSError) as e:
            print(f"copier skipped: it could not be installed ({e})")
            return None
    return [program]


def timed_runs(command, cwd, runs, reset, env=None, ok=(0,)):
    """Runs `command` `runs` times from the same committed project state."""
    times = []
    for _ in range(runs):
        reset()
        os.sync()
        started = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if result.returncode not in ok:
            raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return times


def figures(name, times):
    return (f"{name}: best {min(times):.3f} s, median {statistics.median(times):.3f} s "
            f"(runs: {', '.join(f'{t:.3f}' for t in times)})")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--changed", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep")
    parser.add_argument("--skip-copier", action="store_true", help="time plat and git merge-file only")
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
    plat = os.path.join(ROOT, "target", "release", "plat")
    work = args.keep or tempfile.mkdtemp(prefix="plat-update-bench-")
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    os.environ.update(GIT_ENV)
    changed = changed_by_template(args.files, args.changed)

    # plat: the template repository, a project made at v1.0.0, edited.
    template_repo(os.path.join(work, "templates"), args.files, changed, copier=False)
    with open(os.path.join(work, "plat.yaml"), "w") as f:
        f.write("catalog:\n  locations: []\n")
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "cache"))
    env.pop("CI", None)
    project = os.path.join(work, "project")
    subprocess.run([plat, "-C", work, "new", f"file://{work}/templates#v1.0.0", "--no-input",
                    "--set", "name=svc", "--output", "project", "--author", "Bench <bench@example.com>"],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    user_edits(project, args.files, changed)

    def reset_plat():
        git(project, "reset", "-q", "--hard")
        git(project, "clean", "-qfd")

    update = [plat, "-C", work, "update", "project", "--no-input", "--to", "v2.0.0"]
    timed_runs(update, work, 1, reset_plat, env=env)  # warm: clone cache, page cache

    # The same three versions of each changed file, for git merge-file and
    # for checking plat's result.
    merges = os.path.join(work, "merge-file")
    os.makedirs(merges)
    script = []
    for i in sorted(changed):
        name = path_of(i).replace("/", "_")
        base = file_text(i, 1, "svc")
        theirs = file_text(i, 2, "svc")
        with open(os.path.join(merges, f"{name}.base"), "w") as f:
            f.write(base)
        with open(os.path.join(merges, f"{name}.theirs"), "w") as f:
            f.write(theirs)
        shutil.copy(os.path.join(project, path_of(i)), os.path.join(merges, f"{name}.ours"))
        script.append(f"git merge-file -p {name}.ours {name}.base {name}.theirs > {name}.merged")
    with open(os.path.join(merges, "run.sh"), "w") as f:
        f.write("\n".join(script) + "\n")
    subprocess.run(["sh", "run.sh"], cwd=merges, check=True)
    reset_plat()
    timed_runs(update, work, 1, reset_plat, env=env)
    for i in sorted(changed):
        name = path_of(i).replace("/", "_")
        with open(os.path.join(merges, f"{name}.merged")) as f, open(os.path.join(project, path_of(i))) as g:
            if f.read() != g.read():
                raise SystemExit(f"plat's merge of {path_of(i)} differs from git merge-file's")
    plat_result = {path_of(i): open(os.path.join(project, path_of(i))).read() for i in sorted(changed)}

    # copier: the same template and project.
    copier = None if args.skip_copier else copier_command()
    copier_times = None
    if copier:
        template_repo(os.path.join(work, "copier-template"), args.files, changed, copier=True)
        copier_project = os.path.join(work, "copier-project")
        subprocess.run(copier + ["copy", "--vcs-ref", "v1.0.0", "--data", "name=svc", "--defaults", "--quiet",
                                 os.path.join(work, "copier-template"), copier_project],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        git(copier_project, "init", "-q", "-b", "main")
        git(copier_project, "add", "-A")
        git(copier_project, "commit", "-q", "-m", "made by copier")
        user_edits(copier_project, args.files, changed)

        def reset_copier():
            git(copier_project, "reset", "-q", "--hard")
            git(copier_project, "clean", "-qfd")

        copier_update = copier + ["update", "--vcs-ref", "v2.0.0", "--defaults", "--quiet", "--conflict", "inline"]
        timed_runs(copier_update, copier_project, 1, reset_copier)
        for path, text in plat_result.items():
            with open(os.path.join(copier_project, path)) as f:
                if f.read() != text:
                    raise SystemExit(f"copier's {path} differs from plat's")

    # Timed runs, interleaved so that all see the same machine.
    plat_times, copier_times_list, merge_times = [], [], []
    for _ in range(args.runs):
        plat_times += timed_runs(update, work, 1, reset_plat, env=env)
        if copier:
            copier_times_list += timed_runs(copier_update, copier_project, 1, reset_copier)
        merge_times += timed_runs(["sh", "run.sh"], merges, 1, lambda: None)
    load = os.getloadavg()

    print(f"project: {args.files} files, {len(changed)} changed by the template, "
          f"{USER_EDITED} edited by the user ({USER_EDITED_CHANGED} of them changed by both); "
          f"plat's merges equal git merge-file's" + (", copier's result equals plat's" if copier else ""))
    print(figures("plat update --to v2.0.0       ", plat_times))
    if copier:
        version = subprocess.run(copier + ["--version"], capture_output=True, text=True).stdout.strip()
        print(figures(f"copier update ({version})", copier_times_list))
        copier_times = copier_times_list
    elif not args.skip_copier:
        print("copier update: skipped (not installed, and pip could not install it)")
    print(figures(f"git merge-file x {len(changed)}          ", merge_times))
    p = statistics.median(plat_times)
    if copier_times:
        c = statistics.median(copier_times)
        print(f"plat is {c / p:.1f}x faster than copier (medians; best runs {min(copier_times) / min(plat_times):.1f}x)")
    m = statistics.median(merge_times)
    print(f"plat / git merge-file loop: {p / m:.2f} (medians)")
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
