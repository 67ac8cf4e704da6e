#!/usr/bin/env python3
"""Benchmark: `plat status` over 3 kube contexts x 500 pods, against
`kubectl get pods -A -l backstage.io/kubernetes-id=web -o json` run once per
context in sequence, in the same run. Targets: plat under 0.5 s, and no
slower than the kubectl sequence.

The clusters are the tests' fake API server (HTTPS, bearer token), served
by the `kube-fake` example: each context holds a Deployment `web` with its
ReplicaSet and 500 running pods (with container statuses, as the kubelet
writes them). plat reads every context at once, and per context seven
types (pods, ReplicaSets, Deployments, StatefulSets, DaemonSets, HPAs,
Ingresses) plus the service's preview environments; kubectl reads pods.
kubectl's discovery cache is warm (one untimed run first), as on a
developer's machine.

Usage: benches/status.py [--contexts 3] [--pods 500] [--runs 7] [--profile release]
Not a test: it prints figures. Uses target/release/plat and
target/release/examples/kube-fake
(cargo build --release && cargo build --release --example kube-fake).
"""
import argparse
import base64
import http.client
import json
import os
import shutil
import statistics
import ssl
import subprocess
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def timed(command, env, cwd=None):
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    return elapsed, result


def server_of(kubeconfig_file):
    """The server URL and CA certificate (PEM) a kubeconfig names."""
    server = ca = None
    with open(kubeconfig_file) as f:
        for line in f:
            line = line.strip()
            if line.startswith("server:"):
                server = line.split(None, 1)[1]
            elif line.startswith("certificate-authority-data:"):
                ca = base64.b64decode(line.split(None, 1)[1]).decode()
    return urllib.parse.urlparse(server), ca


def fetch_pods(kubeconfig_file):
    """One GET of the pods list, as plat and kubectl make it: the server's share of the work."""
    url, ca = server_of(kubeconfig_file)
    context = ssl.create_default_context(cadata=ca)
    connection = http.client.HTTPSConnection(url.hostname, url.port, context=context)
    connection.request("GET", "/api/v1/pods?labelSelector=backstage.io%2Fkubernetes-id%3Dweb",
                       headers={"Authorization": "Bearer fake-token"})
    body = connection.getresponse().read()
    connection.close()
    return len(body)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--contexts", type=int, default=3)
    parser.add_argument("--pods", type=int, default=500)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", default="release", help="the build to time (debug only checks the script)")
    args = parser.parse_args()
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    plat = os.path.join(target, args.profile, "plat")
    fake = os.path.join(target, args.profile, "examples", "kube-fake")
    for binary in (plat, fake):
        if not os.path.exists(binary):
            raise SystemExit("build them first: cargo build --release && cargo build --release --example kube-fake")
    if not shutil.which("kubectl"):
        raise SystemExit("kubectl is needed for the comparison")

    work = tempfile.mkdtemp(prefix="plat-status-bench-")
    server = subprocess.Popen(
        [fake, "--dir", os.path.join(work, "kube"), "--contexts", str(args.contexts), "--pods", str(args.pods)],
        stdout=subprocess.PIPE, text=True)
    try:
        if server.stdout.readline().strip() != "ready":
            raise SystemExit("kube-fake did not start")
        with open(os.path.join(work, "kube", "KUBECONFIG")) as f:
            kubeconfig = f.read().strip()
        contexts = [f"ctx-{i}" for i in range(1, args.contexts + 1)]
        repo = os.path.join(work, "repo")
        os.makedirs(repo)
        with open(os.path.join(repo, "catalog-info.yaml"), "w") as f:
            f.write("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\n"
                    "  annotations:\n    backstage.io/kubernetes-id: web\n"
                    "spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n")
        with open(os.path.join(repo, "plat.yaml"), "w") as f:
            f.write("kubernetes:\n  clusters:\n" + "".join(f"    - {c}\n" for c in contexts))
        home = os.path.join(work, "home")
        os.makedirs(home)
        env = dict(os.environ, KUBECONFIG=kubeconfig, HOME=home)
        env.pop("CI", None)

        plat_command = [plat, "status", "web", "-o", "json"]
        kubectl_commands = [["kubectl", "--context", c, "get", "pods", "-A", "-l", "backstage.io/kubernetes-id=web", "-o", "json"]
                            for c in contexts]

        # Untimed first runs: warm caches, and check both see every pod.
        elapsed, result = timed(plat_command, env, cwd=repo)
        if result.returncode != 0:
            raise SystemExit(f"plat failed ({result.returncode}): {result.stderr}")
        report = json.loads(result.stdout)
        seen = sum(len(c["pods"]) for c in report["clusters"])
        print(f"plat read {len(report['clusters'])} contexts, {seen} pods, health {report['health']}")
        total = 0
        for command in kubectl_commands:
            _, result = timed(command, env)
            if result.returncode != 0:
                raise SystemExit(f"kubectl failed: {result.stderr}")
            total += len(json.loads(result.stdout)["items"])
        print(f"kubectl read {total} pods")

        files = kubeconfig.split(":")
        plat_times, kubectl_times, server_times = [], [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            for file in files:
                fetch_pods(file)
            server_times.append(time.perf_counter() - started)
            plat_times.append(timed(plat_command, env, cwd=repo)[0])
            sequence = 0.0
            for command in kubectl_commands:
                sequence += timed(command, env)[0]
            kubectl_times.append(sequence)
        load = os.getloadavg()[0]
        plat_median = statistics.median(plat_times)
        kubectl_median = statistics.median(kubectl_times)
        print(f"load average at the end: {load:.2f}")
        print(f"the fake serving the {args.contexts} pod lists (one GET each, in sequence)"
              f"  median {statistics.median(server_times):.3f} s  (min {min(server_times):.3f})")
        print(f"plat status ({args.contexts} contexts at once)      median {plat_median:.3f} s  (min {min(plat_times):.3f})")
        print(f"kubectl get pods x{args.contexts} in sequence       median {kubectl_median:.3f} s  (min {min(kubectl_times):.3f})")
        print(f"plat / kubectl: {plat_median / kubectl_median:.2f}x;"
              f" under 0.5 s: {'met' if plat_median < 0.5 else 'NOT met'};"
              f" no slower than kubectl: {'met' if plat_median <= kubectl_median else 'NOT met'}")
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
