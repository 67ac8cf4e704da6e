//! `plat docs`: where an entity's TechDocs are, `check`, `build` and
//! `serve`, on the acme demo's real MkDocs projects and on sites the tests
//! write. Builds and serving use the real mkdocs with TechDocs' plugin.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use crate::common::{Tree, acme, assert_fails, interrupt_when, plat, stderr, stdout, which};

/// A Component `name` in `name/catalog-info.yaml` with these annotation
/// lines (already indented by four spaces).
fn service(tree: &Tree, name: &str, annotations: &str) {
    tree.write(
        &format!("{name}/catalog-info.yaml"),
        format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\n  annotations:\n{annotations}spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n"
        ),
    );
}

/// A service with `dir:.` docs: mkdocs.yml and the pages given.
fn site(tree: &Tree, name: &str, mkdocs: &str, pages: &[(&str, &str)]) {
    service(tree, name, "    backstage.io/techdocs-ref: dir:.\n");
    tree.write(&format!("{name}/mkdocs.yml"), mkdocs);
    for (page, text) in pages {
        tree.write(&format!("{name}/docs/{page}"), text);
    }
}

fn docs(dir: &Path, args: &[&str]) -> std::process::Output {
    plat()
        .arg("-C")
        .arg(dir)
        .arg("docs")
        .args(args)
        .output()
        .unwrap()
}

fn json(output: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(output)).unwrap_or_else(|e| panic!("{e}: {}", stdout(output)))
}

/// The findings of `plat docs check ... -o json`, as `rule file:line:column`.
fn findings(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{}:{}",
                f["severity"].as_str().unwrap(),
                f["rule"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["line"],
                f["column"]
            )
        })
        .collect()
}

#[test]
fn acme_docs_say_where_the_docs_are_and_what_they_hold() {
    let output = docs(&acme(), &["payments-service"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for line in [
        "component:default/payments-service",
        "docs       services/payments-service   (backstage.io/techdocs-ref: dir:.)",
        "config     services/payments-service/mkdocs.yml",
        "site name  Payments Service",
        "docs_dir   services/payments-service/docs",
        "    Runbooks\n      Incidents    runbooks/incidents.md",
        "    Status page    https://status.acme.example",
    ] {
        assert!(text.contains(line), "{line:?} in:\n{text}");
    }

    let shown = json(&docs(&acme(), &["payments-service", "-o", "json"]));
    assert_eq!(shown["location"]["type"], "dir");
    assert_eq!(shown["location"]["target"], "services/payments-service");
    assert_eq!(shown["siteName"], "Payments Service");
    assert_eq!(shown["navFrom"], "mkdocs.yml");
    assert_eq!(shown["nav"][3]["title"], "Runbooks");
    assert_eq!(
        shown["nav"][3]["children"][1]["page"],
        "runbooks/refunds.md"
    );
    assert_eq!(shown["nav"][4]["url"], "https://status.acme.example");
    assert_eq!(shown["problems"], 0);
    let output = docs(&acme(), &["checkout-web", "-o", "json"]);
    assert_eq!(json(&output)["problems"], 1);
    assert!(
        stderr(&output).contains("1 problem(s) in these docs; `plat docs check component:default/checkout-web` shows them"),
        "{}",
        stderr(&output)
    );

    // No nav in mkdocs.yml: MkDocs' own order, titles from the pages.
    let output = docs(&acme(), &["invoice-service", "-o", "yaml"]);
    let shown: Value = serde_norway::from_str(&stdout(&output)).unwrap();
    assert_eq!(shown["navFrom"], "files");
    let titles: Vec<&str> = shown["nav"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Invoice Service", "Billing runs", "FAQ"]);
}

#[test]
fn acme_check_all_finds_the_broken_link_in_every_format() {
    let output = docs(&acme(), &["check", "--all"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("error[link]: link `payments-flow.md`: services/checkout-web/docs/payments-flow.md does not exist\n  --> services/checkout-web/docs/index.md:5:16 (component:default/checkout-web)"),
        "{text}"
    );
    assert!(
        stderr(&output).contains("1 error and 1 warning in the docs of 19 entities"),
        "{}",
        stderr(&output)
    );

    let report = json(&docs(&acme(), &["check", "--all", "-o", "json"]));
    assert_eq!(
        findings(&report),
        [
            "warning not-in-nav services/checkout-web/docs/address-step.md:0:0",
            "error link services/checkout-web/docs/index.md:5:16",
        ]
    );
    assert_eq!(report["summary"]["entities"], 19);
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["sites"].as_array().unwrap().len(), 19);

    let github = stdout(&docs(&acme(), &["check", "--all", "--format", "github"]));
    assert!(
        github.contains("::error file=services/checkout-web/docs/index.md,line=5,col=16,title=plat docs check [link]::component:default/checkout-web: link `payments-flow.md`"),
        "{github}"
    );

    // One clean site; --strict makes the warning fail.
    assert!(
        docs(&acme(), &["check", "payments-service"])
            .status
            .success()
    );
    let tree = Tree::new();
    site(
        &tree,
        "svc",
        "site_name: Svc\nnav:\n  - index.md\n",
        &[("index.md", "# Svc\n"), ("extra.md", "# Extra\n")],
    );
    let lenient = docs(tree.path(), &["check", "svc"]);
    assert!(lenient.status.success(), "{}", stderr(&lenient));
    assert!(stdout(&lenient).contains("warning[not-in-nav]"));
    assert_fails(
        &docs(tree.path(), &["check", "svc", "--strict"]),
        1,
        "1 error and 0 warnings",
    );
}

#[test]
fn a_missing_annotation_says_which_annotation_to_add() {
    let tree = Tree::new();
    service(&tree, "plain", "    team.acme.io/slack: '#plain'\n");
    for args in [&["plain"][..], &["check", "plain"], &["build", "plain"]] {
        let output = docs(tree.path(), args);
        assert_fails(
            &output,
            2,
            "component:default/plain has no `backstage.io/techdocs-ref` annotation",
        );
        assert!(
            stderr(&output).contains(
                "add `backstage.io/techdocs-ref: dir:.` under metadata.annotations in plain/catalog-info.yaml"
            ),
            "{}",
            stderr(&output)
        );
    }
    // --all only looks at entities that declare docs.
    let output = docs(tree.path(), &["check", "--all"]);
    assert!(output.status.success());
    assert!(stderr(&output).contains("no entity has local docs"));
    assert_fails(
        &docs(tree.path(), &["check"]),
        2,
        "needs an entity ref or --all",
    );
    assert_fails(&docs(tree.path(), &["nope"]), 1, "no entity `nope`");
}

#[test]
fn url_refs_are_shown_and_not_checked() {
    let tree = Tree::new();
    service(
        &tree,
        "remote",
        "    backstage.io/techdocs-ref: url:https://github.com/acme/remote/tree/main/\n",
    );
    site(
        &tree,
        "local",
        "site_name: Local\n",
        &[("index.md", "# Local\n")],
    );
    let shown = json(&docs(tree.path(), &["remote", "-o", "json"]));
    assert_eq!(shown["location"]["type"], "url");
    assert_eq!(
        shown["location"]["target"],
        "https://github.com/acme/remote/tree/main/"
    );
    assert!(shown.get("config").is_none());
    let human = stdout(&docs(tree.path(), &["remote"]));
    assert!(
        human.contains("https://github.com/acme/remote/tree/main/"),
        "{human}"
    );

    assert_fails(
        &docs(tree.path(), &["check", "remote"]),
        2,
        "the docs are at https://github.com/acme/remote/tree/main/, not in a local directory",
    );
    assert_fails(
        &docs(tree.path(), &["build", "remote"]),
        2,
        "not in a local directory",
    );
    let all = docs(tree.path(), &["check", "--all", "-o", "json"]);
    assert!(all.status.success(), "{}", stderr(&all));
    let report = json(&all);
    assert_eq!(report["summary"]["skipped"], 1);
    assert_eq!(report["summary"]["entities"], 1);

    // What Backstage refuses in the annotation itself.
    for (written, says) in [
        ("https://github.com/a/b", "needs the `url:` prefix"),
        ("docs", "is not of the form <type>:<target>"),
        (
            "git:github.com/a/b",
            "`git:` is not a reference TechDocs reads",
        ),
        ("url:not a url", "is not a URL"),
    ] {
        let tree = Tree::new();
        service(
            &tree,
            "svc",
            &format!("    backstage.io/techdocs-ref: '{written}'\n"),
        );
        assert_fails(&docs(tree.path(), &["svc"]), 2, says);
        let report = json(&docs(tree.path(), &["check", "--all", "-o", "json"]));
        assert_eq!(
            findings(&report),
            ["error techdocs-ref svc/catalog-info.yaml:6:5"],
            "{written}"
        );
    }
}

#[test]
fn dir_refs_resolve_against_url_locations_as_backstage_resolves_them() {
    // A catalog file read over HTTP: `dir:` is a URL beside it.
    let served = Tree::new();
    service(
        &served,
        "svc",
        "    backstage.io/techdocs-ref: dir:./handbook\n",
    );
    let (server, _) = crate::servers::file_server(served.path().to_path_buf(), Duration::ZERO);
    let location = format!("{}/files/svc/catalog-info.yaml", server.base);
    let cache = Tree::new();
    let shown = json(&remote_docs(
        &cache,
        &["svc", "--location", &location, "-o", "json"],
    ));
    assert_eq!(shown["location"]["type"], "url");
    assert_eq!(
        shown["location"]["target"],
        format!("{}/files/svc/handbook", server.base)
    );

    // backstage.io/source-location wins over the file, as in Backstage; a
    // GitHub blob URL becomes a tree, `/` is the repository's root.
    let tree = Tree::new();
    service(
        &tree,
        "svc",
        "    backstage.io/source-location: url:https://github.com/acme/pay/blob/main/svc/catalog-info.yaml\n    backstage.io/techdocs-ref: dir:.\n",
    );
    let shown = json(&docs(tree.path(), &["svc", "-o", "json"]));
    assert_eq!(
        shown["location"]["target"],
        "https://github.com/acme/pay/tree/main/svc/"
    );
    service(
        &tree,
        "svc",
        "    backstage.io/source-location: url:https://github.com/acme/pay/tree/main/svc/\n    backstage.io/techdocs-ref: dir:/handbook\n",
    );
    let shown = json(&docs(tree.path(), &["svc", "-o", "json"]));
    assert_eq!(
        shown["location"]["target"],
        "https://github.com/acme/pay/tree/main/handbook"
    );
}

/// `plat docs` on a remote catalog, with an HTTP cache of its own.
fn remote_docs(cache: &Tree, args: &[&str]) -> std::process::Output {
    plat()
        .env("XDG_CACHE_HOME", cache.path())
        .arg("docs")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn entities_from_a_backstage_server_have_their_docs_where_the_server_read_them() {
    let entity = |name: &str, location: &str| {
        serde_json::json!({
            "apiVersion": "backstage.io/v1alpha1",
            "kind": "Component",
            "metadata": {"namespace": "default", "name": name, "uid": name, "annotations": {
                "backstage.io/managed-by-location": location,
                "backstage.io/techdocs-ref": "dir:./docs-site",
            }},
            "spec": {"type": "service", "lifecycle": "production", "owner": "team-a"},
            "relations": []
        })
    };
    let (server, _) = crate::servers::backstage_server(
        vec![
            entity(
                "from-github",
                "url:https://github.com/acme/svc/blob/main/catalog-info.yaml",
            ),
            entity("from-disk", "file:/srv/catalog/svc/catalog-info.yaml"),
        ],
        None,
    );
    let location = format!("backstage:{}", server.base);
    let cache = Tree::new();
    let shown = json(&remote_docs(
        &cache,
        &["from-github", "--location", &location, "-o", "json"],
    ));
    assert_eq!(
        shown["location"]["target"],
        "https://github.com/acme/svc/tree/main/docs-site"
    );
    // A file on the server's disk is not a file here.
    assert_fails(
        &remote_docs(&cache, &["from-disk", "--location", &location]),
        2,
        "comes from a Backstage server, whose catalog file /srv/catalog/svc/catalog-info.yaml is on that server",
    );
}

#[test]
fn techdocs_entity_shows_another_entitys_docs() {
    let tree = Tree::new();
    site(
        &tree,
        "handbook",
        "site_name: Handbook\n",
        &[("index.md", "# Handbook\n")],
    );
    service(
        &tree,
        "svc",
        "    backstage.io/techdocs-entity: component:default/handbook\n",
    );
    let shown = json(&docs(tree.path(), &["svc", "-o", "json"]));
    assert_eq!(shown["entity"], "component:default/svc");
    assert_eq!(shown["docsEntity"], "component:default/handbook");
    assert_eq!(shown["siteName"], "Handbook");
    let human = stdout(&docs(tree.path(), &["svc"]));
    assert!(
        human.contains("  docs of    component:default/handbook (backstage.io/techdocs-entity)\n  docs       handbook "),
        "{human}"
    );
    // Both are checked once: the findings of shared docs are not repeated.
    let report = json(&docs(tree.path(), &["check", "--all", "-o", "json"]));
    assert_eq!(report["sites"].as_array().unwrap().len(), 2);

    for (annotation, says) in [
        ("handbook", "has no kind"),
        (
            "component:default/gone",
            "`component:default/gone` is not in the catalog",
        ),
        (
            "component:default/svc",
            "leads back to component:default/svc",
        ),
    ] {
        service(
            &tree,
            "svc",
            &format!("    backstage.io/techdocs-entity: {annotation}\n"),
        );
        assert_fails(&docs(tree.path(), &["svc"]), 2, says);
    }
}

#[test]
fn nav_links_images_and_anchors_are_checked_at_their_positions() {
    let tree = Tree::new();
    site(
        &tree,
        "svc",
        "site_name: Svc\nnav:\n  - Home: index.md\n  - Guide:\n      - guide/setup.md\n      - Missing: guide/gone.md\n      - guide\n  - Readme: ../README.md\n  - External: https://example.com/x\nnot_in_nav: |\n  drafts/\nexclude_docs: |\n  private.md\n",
        &[
            (
                "index.md",
                "# Svc\n\n[setup](guide/setup.md#install-it) [bad anchor](guide/setup.md#nope)\n![logo](img/logo.png) ![missing](img/missing.png)\n[spaces](my%20page.md) [dir](guide/) [self](#svc)\n[private](private.md) [readme](../README.md)\n[web](https://example.com) [mail](mailto:a@b.c) [abs](/site/page/)\n",
            ),
            (
                "guide/setup.md",
                "# Setup\n\n## Install it\n\nBack [home](../index.md) or to [nowhere](../nowhere.md#x).\n",
            ),
            ("my page.md", "# Spaces\n"),
            ("img/logo.png", "png"),
            ("private.md", "# Private\n"),
            ("drafts/wip.md", "# WIP\n"),
            ("orphan.md", "# Orphan\n"),
        ],
    );
    tree.write("svc/README.md", "# Read me\n");
    let output = docs(tree.path(), &["check", "svc", "-o", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(
        findings(&report),
        [
            "error link svc/docs/guide/setup.md:5:42",
            "warning anchor svc/docs/index.md:3:49",
            "error link svc/docs/index.md:4:34",
            "error link svc/docs/index.md:6:11",
            "error link svc/docs/index.md:6:32",
            "warning not-in-nav svc/docs/my page.md:0:0",
            "warning not-in-nav svc/docs/orphan.md:0:0",
            "error nav svc/mkdocs.yml:6:9",
            "error nav svc/mkdocs.yml:7:9",
            "error nav svc/mkdocs.yml:8:5",
        ]
    );
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages[1].contains("guide/setup.md has no heading `#nope`"),
        "{messages:?}"
    );
    assert!(messages[3].contains("`private.md`"), "{messages:?}");
    assert!(messages[4].contains("not part of the site"), "{messages:?}");
    assert!(messages[8].contains("names a directory"), "{messages:?}");
    assert!(messages[9].contains("outside docs_dir"), "{messages:?}");
    assert_eq!(report["sites"][0]["pages"], 5);
}

#[test]
fn docs_that_leave_their_directory_are_refused() {
    let outside = Tree::new();
    outside.write("secret.md", "# Secret\n");
    outside.write("shared/page.md", "# Shared\n");

    // dir: may not leave the catalog file's directory (Backstage's rule).
    let tree = Tree::new();
    service(&tree, "svc", "    backstage.io/techdocs-ref: dir:..\n");
    let output = docs(tree.path(), &["svc"]);
    assert_fails(&output, 2, "leads out of");
    assert!(stderr(&output).contains("refused"));
    let report = json(&docs(tree.path(), &["check", "--all", "-o", "json"]));
    assert_eq!(
        findings(&report),
        ["error docs-escape svc/catalog-info.yaml:6:5"]
    );

    // docs_dir may not leave the docs' directory.
    let tree = Tree::new();
    site(
        &tree,
        "svc",
        "site_name: Svc\ndocs_dir: ../elsewhere\n",
        &[],
    );
    tree.write("elsewhere/index.md", "# Elsewhere\n");
    assert_fails(
        &docs(tree.path(), &["svc"]),
        2,
        "svc/mkdocs.yml:2:1: docs_dir `../elsewhere` leads out of svc",
    );
    let report = json(&docs(tree.path(), &["check", "svc", "-o", "json"]));
    assert_eq!(findings(&report), ["error docs-escape svc/mkdocs.yml:2:1"]);

    // Symlinks out (a page, a directory, a dangling one), links and nav
    // entries with `..` past the docs' directory.
    let tree = Tree::new();
    site(
        &tree,
        "svc",
        "site_name: Svc\nnav:\n  - index.md\n  - ../../outside.md\n",
        &[(
            "index.md",
            "# Svc\n\n[out](../../secret.md) [also](../../../etc/hostname)\n",
        )],
    );
    let docs_dir = tree.path().join("svc/docs");
    std::os::unix::fs::symlink(outside.path().join("secret.md"), docs_dir.join("secret.md"))
        .unwrap();
    std::os::unix::fs::symlink(outside.path().join("shared"), docs_dir.join("shared")).unwrap();
    std::os::unix::fs::symlink("../../../nowhere.md", docs_dir.join("dangling.md")).unwrap();
    std::os::unix::fs::symlink("index.md", docs_dir.join("inside.md")).unwrap();
    // Ignored by git or in dependencies: MkDocs extensions can still read them.
    tree.write("svc/.gitignore", "vendored\n");
    std::fs::create_dir_all(tree.path().join("svc/node_modules")).unwrap();
    std::os::unix::fs::symlink(outside.path(), tree.path().join("svc/vendored")).unwrap();
    std::os::unix::fs::symlink(outside.path(), tree.path().join("svc/node_modules/pkg")).unwrap();
    let output = docs(tree.path(), &["check", "svc", "-o", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    let escapes: Vec<String> = findings(&report)
        .into_iter()
        .filter(|f| f.contains("docs-escape"))
        .collect();
    assert_eq!(
        escapes,
        [
            "error docs-escape svc/docs/dangling.md:0:0",
            "error docs-escape svc/docs/index.md:3:7",
            "error docs-escape svc/docs/index.md:3:31",
            // A symlink inside the docs is a page of its own, as in MkDocs.
            "error docs-escape svc/docs/inside.md:3:7",
            "error docs-escape svc/docs/inside.md:3:31",
            "error docs-escape svc/docs/secret.md:0:0",
            "error docs-escape svc/docs/shared:0:0",
            "error docs-escape svc/mkdocs.yml:4:5",
            "error docs-escape svc/node_modules/pkg:0:0",
            "error docs-escape svc/vendored:0:0",
        ]
    );
    // The outside files are never read as pages: 2 pages (index and the
    // symlink inside).
    assert_eq!(report["sites"][0]["pages"], 2);
    // Neither built nor served, whether or not mkdocs is installed.
    for command in ["build", "serve"] {
        let output = docs(tree.path(), &[command, "svc"]);
        assert_fails(
            &output,
            2,
            "the docs lead out of their directory in 5 place(s); refused",
        );
        assert!(stderr(&output).contains("svc/docs/secret.md"));
    }
    assert!(!tree.path().join("svc/site").exists());
}

#[test]
fn mkdocs_yml_tags_and_errors_are_read_as_mkdocs_reads_them() {
    let tree = Tree::new();
    site(
        &tree,
        "svc",
        "site_name: !ENV [PLAT_TEST_DOCS_TITLE, Fallback title]\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n  - pymdownx.snippets:\n      base_path: !relative $config_dir\nplugins:\n  - techdocs-core\n",
        &[("index.md", "# Svc\n")],
    );
    let shown = json(&docs(tree.path(), &["svc", "-o", "json"]));
    assert_eq!(shown["siteName"], "Fallback title");
    let output = plat()
        .arg("-C")
        .arg(tree.path())
        .args(["docs", "svc", "-o", "json"])
        .env("PLAT_TEST_DOCS_TITLE", "From the environment")
        .output()
        .unwrap();
    assert_eq!(json(&output)["siteName"], "From the environment");
    assert!(docs(tree.path(), &["check", "svc"]).status.success());

    // YAML MkDocs cannot read, and settings it refuses: at their lines.
    tree.write(
        "svc/mkdocs.yml",
        "site_name: Svc\nnav:\n  - Home: [index.md\n",
    );
    let output = docs(tree.path(), &["svc"]);
    assert_fails(&output, 2, "svc/mkdocs.yml:4:1: invalid YAML");
    let report = json(&docs(tree.path(), &["check", "svc", "-o", "json"]));
    assert_eq!(
        findings(&report),
        ["error mkdocs-config svc/mkdocs.yml:4:1"]
    );
    tree.write(
        "svc/mkdocs.yml",
        "nav:\n  - Home: index.md\n    Other: other.md\n",
    );
    let report = json(&docs(tree.path(), &["check", "svc", "-o", "json"]));
    assert_eq!(
        findings(&report),
        [
            "warning not-in-nav svc/docs/index.md:0:0",
            "error mkdocs-config svc/mkdocs.yml:1:1",
            "error mkdocs-config svc/mkdocs.yml:2:5",
        ]
    );
}

#[test]
fn without_mkdocs_yml_techdocs_defaults_apply() {
    let tree = Tree::new();
    service(&tree, "svc", "    backstage.io/techdocs-ref: dir:.\n");
    tree.write("svc/docs/index.md", "# Svc\n");
    let shown = json(&docs(tree.path(), &["svc", "-o", "json"]));
    assert!(shown.get("config").is_none());
    assert_eq!(shown["siteName"], "svc");
    assert_eq!(shown["plugins"][0], "techdocs-core");
    let output = docs(tree.path(), &["check", "svc"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("warning[mkdocs-config]: no mkdocs.yml: TechDocs makes one"));

    // Nothing at all there: one finding at the annotation.
    std::fs::remove_dir_all(tree.path().join("svc/docs")).unwrap();
    let report = json(&docs(tree.path(), &["check", "svc", "-o", "json"]));
    assert_eq!(
        findings(&report),
        ["error techdocs-ref svc/catalog-info.yaml:6:5"]
    );
    assert_fails(
        &docs(tree.path(), &["svc"]),
        2,
        "has neither an mkdocs.yml nor a docs/ directory",
    );
}

#[test]
fn build_without_mkdocs_says_how_to_install_it() {
    let empty = Tree::new();
    let output = plat()
        .arg("-C")
        .arg(acme())
        .args(["docs", "build", "payments-service", "--output"])
        .arg(empty.path().join("site"))
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_fails(&output, 2, "mkdocs is not installed");
    assert!(stderr(&output).contains("pip install mkdocs-techdocs-core"));
    assert!(!empty.path().join("site").exists());
    let output = plat()
        .arg("-C")
        .arg(acme())
        .args(["docs", "serve", "payments-service"])
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_fails(&output, 2, "pip install mkdocs-techdocs-core");
}

/// mkdocs with TechDocs' plugin, or a skip (a failure under CI).
fn mkdocs_present() -> bool {
    let runs = which("mkdocs").is_some_and(|program| {
        std::process::Command::new(program)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if runs {
        return true;
    }
    assert!(
        std::env::var("CI").is_err(),
        "mkdocs is needed under CI (pip install mkdocs-techdocs-core)"
    );
    eprintln!("skipped: mkdocs is not installed (pip install mkdocs-techdocs-core)");
    false
}

/// Files and directories in `dir` whose names start with `prefix`.
fn named(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect()
}

/// `plat -C acme docs build SERVICE --output DIR` with more arguments.
fn build_acme(service: &str, output: &Path, more: &[&str]) -> std::process::Output {
    plat()
        .arg("-C")
        .arg(acme())
        .args(["docs", "build", service, "--output"])
        .arg(output)
        .args(more)
        .output()
        .unwrap()
}

#[test]
fn build_makes_the_whole_site_or_nothing() {
    if !mkdocs_present() {
        return;
    }
    let out = Tree::new();
    let site_dir = out.path().join("payments");
    let output = build_acme("payments-service", &site_dir, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output).trim(), site_dir.display().to_string());
    assert!(stderr(&output).contains("built Payments Service (5 pages) with mkdocs"));
    let home = std::fs::read_to_string(site_dir.join("index.html")).unwrap();
    assert!(home.contains("Payments Service"));
    assert!(site_dir.join("runbooks/incidents/index.html").is_file());
    assert!(site_dir.join("images/payment-flow.svg").is_file());
    // TechDocs' plugin ran: it writes the metadata TechDocs serves.
    assert!(site_dir.join("techdocs_metadata.json").is_file());
    assert!(named(out.path(), ".payments.plat-partial").is_empty());

    // An existing site is kept unless --force.
    std::fs::write(site_dir.join("keep.txt"), "mine").unwrap();
    let again = build_acme("payments-service", &site_dir, &[]);
    assert_fails(&again, 2, "is not empty");
    let forced = build_acme("payments-service", &site_dir, &["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(
        std::fs::read_to_string(site_dir.join("keep.txt")).unwrap(),
        "mine"
    );
    assert!(named(out.path(), ".payments.plat-partial").is_empty());

    // MkDocs' warnings are passed on; the site is still built.
    let checkout = out.path().join("checkout");
    let output = build_acme("checkout-web", &checkout, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output)
            .contains("warning: mkdocs: Doc file 'index.md' contains a link 'payments-flow.md'"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_interrupted_build_leaves_nothing() {
    if !mkdocs_present() {
        return;
    }
    let out = Tree::new();
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("plat"))
        .arg("-C")
        .arg(acme())
        .args(["docs", "build", "payments-service", "--output"])
        .arg(out.path().join("site"))
        .env("HOME", "/nonexistent/plat-tests")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let output = interrupt_when(child, || {
        // mkdocs has started writing into the staging directory.
        named(out.path(), ".site.plat-partial")
            .iter()
            .any(|staging| std::fs::read_dir(staging).is_ok_and(|mut d| d.next().is_some()))
    });
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        std::fs::read_dir(out.path()).unwrap().next().is_none(),
        "{:?}",
        named(out.path(), "")
    );
}

#[test]
fn a_failed_build_names_the_missing_plugin_and_leaves_nothing() {
    if !mkdocs_present() {
        return;
    }
    let tree = Tree::new();
    site(
        &tree,
        "svc",
        "site_name: Svc\nplugins:\n  - techdocs-core\n  - plat-test-no-such-plugin\n",
        &[("index.md", "# Svc\n")],
    );
    let output = docs(tree.path(), &["build", "svc"]);
    assert_fails(
        &output,
        2,
        "the MkDocs plugin `plat-test-no-such-plugin` is not installed",
    );
    assert!(stderr(&output).contains("install the Python package that provides"));
    assert!(!tree.path().join("svc/site").exists());
    assert!(named(&tree.path().join("svc"), ".site.plat-partial").is_empty());
}

#[test]
fn without_mkdocs_yml_the_build_uses_techdocs_default_and_writes_nothing_into_the_docs() {
    if !mkdocs_present() {
        return;
    }
    let tree = Tree::new();
    service(&tree, "svc", "    backstage.io/techdocs-ref: dir:.\n");
    tree.write("svc/docs/index.md", "# Svc docs\n");
    let out = Tree::new();
    let output = docs(
        tree.path(),
        &[
            "build",
            "svc",
            "--output",
            out.path().join("site").to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(out.path().join("site/index.html").is_file());
    let mut left: Vec<String> = std::fs::read_dir(tree.path().join("svc"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["catalog-info.yaml", "docs"]);
}

#[test]
fn serve_serves_the_site_until_interrupted() {
    if !mkdocs_present() {
        return;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let address = format!("127.0.0.1:{port}");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("plat"))
        .arg("-C")
        .arg(acme())
        .args(["docs", "serve", "auth-service", "--dev-addr", &address])
        .env("HOME", "/nonexistent/plat-tests")
        // Not a pipe mkdocs could inherit and hold open past plat's exit.
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let home = || {
        use std::io::{Read, Write};
        let Ok(mut stream) = std::net::TcpStream::connect(&address) else {
            return None;
        };
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        write!(stream, "GET / HTTP/1.0\r\nHost: {address}\r\n\r\n").ok()?;
        let mut page = String::new();
        stream.read_to_string(&mut page).ok()?;
        Some(page)
    };
    let output = interrupt_when(child, || {
        home().is_some_and(|page| page.starts_with("HTTP/1.0 200") && page.contains("Auth Service"))
    });
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    // mkdocs was stopped with plat: the port is free again.
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(&address).is_ok() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "mkdocs still serves"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
