#!/usr/bin/env python3
"""Benchmark: reading a remote catalog of 2,000 files over HTTP.

Serves 2,000 catalog files (and a root Location naming them all) from a
local HTTP server (nginx when installed, else Python's threaded server),
twice: under `/` with validators only (ETag, Last-Modified) and under
`/fresh/` with `Cache-Control: max-age=300` as well (as
raw.githubusercontent.com sends). Then times, in the same run:

- plat cold: `plat catalog validate --location URL` with an empty cache;
- plat warm, revalidating: the same again, every file revalidated (304);
- plat warm, fresh: the `/fresh/` copy read a second time, within its
  max-age: no request at all;
- plat offline: the same from the cache alone (`--offline`, no requests);
- curl: a sequential `curl` loop fetching the same 2,001 URLs.

Usage: benches/remote_catalog.py [--files 2000] [--runs 3]
Not a test: it prints figures.
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def generate(directory, count):
    os.makedirs(directory, exist_ok=True)
    targets = []
    for i in range(count):
        name = f"services/svc-{i:04}/catalog-info.yaml"
        path = os.path.join(directory, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(
                "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
                f"  name: svc-{i:04}\n  description: Remote benchmark service {i}\n"
                f"  annotations:\n    github.com/project-slug: acme/svc-{i:04}\n"
                "spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n"
            )
        targets.append(f"    - ./{name}\n")
    with open(os.path.join(directory, "catalog-info.yaml"), "w") as f:
        f.write("apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  children: []\n---\n")
        f.write("apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: remote-bench\nspec:\n  targets:\n")
        f.writelines(targets)
    return ["catalog-info.yaml"] + [t.strip()[4:] for t in targets]


# Python's threaded file server, with `/fresh/` serving the same files with
# Cache-Control: max-age=300 (it revalidates with Last-Modified only).
FALLBACK_SERVER = """
import functools, http.server, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path):
        return super().translate_path(path[len("/fresh"):] if path.startswith("/fresh/") else path)
    def end_headers(self):
        if self.path.startswith("/fresh/"):
            self.send_header("Cache-Control", "max-age=300")
        super().end_headers()
    def log_message(self, *args):
        pass
port, directory = int(sys.argv[1]), sys.argv[2]
http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=directory)).serve_forever()
"""


def start_server(directory, port, work):
    nginx = shutil.which("nginx")
    if nginx:
        conf = os.path.join(work, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""
worker_processes 2;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {work}/body;
  proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi;
  uwsgi_temp_path {work}/uwsgi;
  scgi_temp_path {work}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {directory};
    etag on;
    location /fresh/ {{
      alias {directory}/;
      expires 5m;
    }}
  }}
}}
""")
        proc = subprocess.Popen([nginx, "-c", conf, "-p", work], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        name = "nginx"
    else:
        proc = subprocess.Popen(
            [sys.executable, "-c", FALLBACK_SERVER, str(port), directory],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        name = "python http.server"
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc, name
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the HTTP server did not start")


def timed(cmd, env=None):
    start = time.perf_counter()
    result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3, help="runs per plat measurement (best is kept)")
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    plat = os.path.join(ROOT, "target", "release", "plat")
    work = tempfile.mkdtemp(prefix="plat-remote-bench-")
    # nginx's workers run as an unprivileged user: let them read the site.
    os.chmod(work, 0o755)
    try:
        site = os.path.join(work, "site")
        paths = generate(site, args.files)
        port = free_port()
        server, server_name = start_server(site, port, work)
        base = f"http://127.0.0.1:{port}"
        root = f"{base}/catalog-info.yaml"
        cmd = [plat, "--no-input", "catalog", "validate", "--location", root]
        fresh_cmd = [plat, "--no-input", "catalog", "validate", "--location", f"{base}/fresh/catalog-info.yaml"]
        try:
            colds, warms, fresh_colds, freshes, offlines = [], [], [], [], []
            for run in range(args.runs):
                cache = os.path.join(work, f"cache-{run}")
                env = dict(os.environ, XDG_CACHE_HOME=cache)
                seconds, result = timed(cmd, env)
                if result.returncode != 0:
                    raise SystemExit(f"plat failed: {result.stderr.decode()}")
                colds.append(seconds)
                warms.append(timed(cmd, env)[0])
                offlines.append(timed(cmd + ["--offline"], env)[0])
                fresh_cache = os.path.join(work, f"fresh-cache-{run}")
                fresh_env = dict(os.environ, XDG_CACHE_HOME=fresh_cache)
                fresh_colds.append(timed(fresh_cmd, fresh_env)[0])
                seconds, result = timed(fresh_cmd + ["-v"], fresh_env)
                if b"2001 fresh" not in result.stderr:
                    raise SystemExit(f"the fresh run was not all fresh: {result.stderr.decode()}")
                freshes.append(seconds)
            start = time.perf_counter()
            for path in paths:
                subprocess.run(["curl", "-sf", "-o", "/dev/null", f"{base}/{path}"], check=True)
            sequential = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    cold, warm, offline = min(colds), min(warms), min(offlines)
    fresh_cold, fresh = min(fresh_colds), min(freshes)
    print(f"\n{len(paths):,} files from {server_name} on 127.0.0.1 (best of {args.runs})")
    print("| run | wall | vs sequential curl | cold / this |")
    print("|---|---:|---:|---:|")
    print(f"| sequential `curl` loop | {sequential:.2f} s | 1x | |")
    print(f"| plat cold (empty cache) | {cold:.3f} s | {sequential / cold:.0f}x | 1x |")
    print(f"| plat warm, revalidating (2,001 x 304) | {warm:.3f} s | {sequential / warm:.0f}x | {cold / warm:.1f}x |")
    print(f"| plat cold, max-age copy (empty cache) | {fresh_cold:.3f} s | {sequential / fresh_cold:.0f}x | {cold / fresh_cold:.1f}x |")
    print(f"| plat warm, fresh (within max-age: no request) | {fresh:.3f} s | {sequential / fresh:.0f}x | {cold / fresh:.1f}x |")
    print(f"| plat offline (cache only, no requests) | {offline:.3f} s | {sequential / offline:.0f}x | {cold / offline:.1f}x |")


if __name__ == "__main__":
    main()
