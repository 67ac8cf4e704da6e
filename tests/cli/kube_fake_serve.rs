//! The fake Kubernetes API server of the tests (`kube_fake.rs`), run on
//! its own until killed: for `benches/status.py`, and to try `plat status`
//! by hand on the Acme demo. Test-only (an example target: never installed).
//!
//! ```sh
//! cargo run --example kube-fake -- --dir /tmp/kube --acme &
//! KUBECONFIG=$(cat /tmp/kube/KUBECONFIG) cargo run -- -C fixtures/acme status payments-service
//! ```
//!
//! `--contexts N --pods P` (default 1 and 3) start N servers, each with a
//! Deployment `web` of P running pods in namespace `shop`, as contexts
//! `ctx-1`..`ctx-N`; `--acme` starts `prod-eu` and `prod-us` holding the
//! Acme services (one of them in trouble). Each context gets a kubeconfig
//! file in DIR; DIR/KUBECONFIG lists them, `:`-separated, for `KUBECONFIG`.
//! "ready" is printed once everything serves.

// As plat does: serving hundreds of objects is allocation-heavy.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[allow(dead_code)]
mod kube_fake;
#[allow(dead_code)]
mod kube_objects;
#[allow(dead_code)]
mod kube_table;
#[allow(dead_code)]
mod servers;

use std::path::PathBuf;

use kube_fake::{KubeFake, kube_fake};
use kube_objects::{PodState, Service};

fn usage() -> ! {
    eprintln!("usage: kube-fake --dir DIR [--contexts N] [--pods P] [--acme]");
    std::process::exit(2)
}

/// The Acme services, as two production clusters run them.
fn acme(eu: &KubeFake, us: &KubeFake) {
    let payments = Service::new("payments", "payments-service");
    payments.run(eu, &[PodState::Running; 3]);
    eu.put(payments.autoscaler(3, 10, 3, 41));
    eu.put(payments.ingress("payments.acme.example", "203.0.113.10"));
    payments.run(us, &[PodState::Running; 2]);
    us.put(payments.autoscaler(2, 10, 2, 37));
    us.put(payments.ingress("payments.us.acme.example", "198.51.100.7"));
    let ledger = Service::new("payments", "ledger-service");
    ledger.run(
        eu,
        &[
            PodState::Running,
            PodState::CrashLoopOomKilled { restarts: 7 },
        ],
    );
    ledger.run(us, &[PodState::Running, PodState::Running]);
    let checkout = Service::new("storefront", "checkout-web");
    checkout.run(eu, &[PodState::Running; 2]);
    eu.put(checkout.ingress("shop.acme.example", "203.0.113.11"));
    let search = Service::new("search", "search-service");
    search.run(us, &[PodState::Running, PodState::ImagePullBackOff]);
    let auth = Service::new("identity", "auth-service");
    auth.run(eu, &[PodState::Running; 2]);
    auth.run(us, &[PodState::Running; 2]);
}

fn main() {
    let mut dir: Option<PathBuf> = None;
    let mut contexts = 1;
    let mut pods = 3;
    let mut demo = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match arg.as_str() {
            "--dir" => dir = Some(PathBuf::from(value())),
            "--contexts" => contexts = value().parse().unwrap_or_else(|_| usage()),
            "--pods" => pods = value().parse().unwrap_or_else(|_| usage()),
            "--acme" => demo = true,
            _ => usage(),
        }
    }
    let dir = dir.unwrap_or_else(|| usage());
    std::fs::create_dir_all(&dir).expect("the directory can be made");
    let names: Vec<String> = if demo {
        vec!["prod-eu".into(), "prod-us".into()]
    } else {
        (1..=contexts).map(|i| format!("ctx-{i}")).collect()
    };
    let fakes: Vec<KubeFake> = names.iter().map(|_| kube_fake()).collect();
    if demo {
        acme(&fakes[0], &fakes[1]);
    } else {
        for fake in &fakes {
            Service::new("shop", "web").run(fake, &vec![PodState::Running; pods]);
        }
    }
    let files: Vec<String> = fakes
        .iter()
        .zip(&names)
        .map(|(fake, name)| fake.kubeconfig_named(&dir, name).display().to_string())
        .collect();
    std::fs::write(dir.join("KUBECONFIG"), files.join(":")).expect("DIR is writable");
    println!("ready");
    loop {
        std::thread::park();
    }
}
