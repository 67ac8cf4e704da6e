
use builtin;
use str;

set edit:completion:arg-completer[plat] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'plat'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'plat'= {
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand catalog 'Read, search and validate the software catalog'
            cand deployments 'A service''s recent deployments: who, the changes each shipped, lead time'
            cand deps 'Dependencies, dependents and impact of an entity; --check for the catalog'
            cand docs 'Where an entity''s TechDocs are; check, build or serve them'
            cand dora 'DORA metrics of a service, an owner''s services, or all, from git, records, GitHub and PagerDuty'
            cand env 'Preview environments on Kubernetes, one namespace per pull request'
            cand new 'Create a project from a software template (Backstage template.yaml)'
            cand runs 'The CI runs (GitHub Actions) of an entity''s repository; --run ID for one run''s jobs'
            cand status 'What runs on Kubernetes for an entity, in every configured cluster (exit 0 healthy, 1 degraded, 2 error)'
            cand templates 'List templates, or render a skeleton directory with values'
            cand update 'Bring a project made by `plat new` up to its template''s newer version (three-way merge)'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'plat;catalog'= {
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List entities, with Backstage''s filters'
            cand list 'List entities, with Backstage''s filters'
            cand get 'Show one entity with its relations'
            cand validate 'Check catalog files as Backstage would, and more (the CI linter)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'plat;catalog;ls'= {
            cand --kind 'Only these kinds (repeat or separate with commas)'
            cand --type 'Only entities with this spec.type'
            cand --owner 'Only entities owned by this owner (a group by default, e.g. payments or user:jane)'
            cand --system 'Only entities in this system'
            cand --lifecycle 'Only entities with this spec.lifecycle'
            cand --tag 'Only entities with this tag'
            cand --filter 'Backstage filter: `key=value,key2` (comma = AND); repeat for OR'
            cand -o 'Output format [default: table on a terminal, else tab-separated columns]'
            cand --output 'Output format [default: table on a terminal, else tab-separated columns]'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;catalog;list'= {
            cand --kind 'Only these kinds (repeat or separate with commas)'
            cand --type 'Only entities with this spec.type'
            cand --owner 'Only entities owned by this owner (a group by default, e.g. payments or user:jane)'
            cand --system 'Only entities in this system'
            cand --lifecycle 'Only entities with this spec.lifecycle'
            cand --tag 'Only entities with this tag'
            cand --filter 'Backstage filter: `key=value,key2` (comma = AND); repeat for OR'
            cand -o 'Output format [default: table on a terminal, else tab-separated columns]'
            cand --output 'Output format [default: table on a terminal, else tab-separated columns]'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;catalog;get'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --glance 'Show the at-a-glance block (last deployment, pods ready, last CI run, docs) also when stdout is not a terminal [default: on a terminal]'
            cand --no-glance 'Leave the at-a-glance block out (no cluster or GitHub is asked)'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;catalog;validate'= {
            cand -o 'Output format'
            cand --format 'Output format'
            cand --output 'Output format'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --strict 'Treat warnings (plat''s checks beyond Backstage) as errors'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;catalog;help'= {
            cand ls 'List entities, with Backstage''s filters'
            cand get 'Show one entity with its relations'
            cand validate 'Check catalog files as Backstage would, and more (the CI linter)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'plat;catalog;help;ls'= {
        }
        &'plat;catalog;help;get'= {
        }
        &'plat;catalog;help;validate'= {
        }
        &'plat;catalog;help;help'= {
        }
        &'plat;deployments'= {
            cand --env 'The environment deployed to [default: dora.environment, else production]'
            cand --since 'How far back: this long, up to now [default: dora.since, else 30d]'
            cand --limit 'At most this many, newest first'
            cand --repo 'The clone to read tags and commits from'
            cand -o 'human: a table (-v adds each deployment''s commits); json and yaml: every field'
            cand --output 'human: a table (-v adds each deployment''s commits); json and yaml: every field'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;deps'= {
            cand --relations 'Follow these relation types instead (comma-separated, e.g. partOf,hasPart)'
            cand --depth 'Stop this many levels below the entity'
            cand -o 'Output format for the graph'
            cand --output 'Output format for the graph'
            cand --format 'Output format for --check findings'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --reverse 'Show dependents (who is hit if this entity fails) instead of dependencies'
            cand --impact 'Summarise everything that depends on the entity: counts by kind, owner and lifecycle, and each path'
            cand --check 'Check the catalog: dangling references, cycles, production depending on deprecated or experimental'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;docs'= {
            cand -o 'o'
            cand --output 'output'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Check the docs: mkdocs.yml, nav, links and images (exit 1 on errors)'
            cand build 'Build the site with mkdocs into a new directory'
            cand serve 'Serve the site with `mkdocs serve`, rebuilt on every change'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'plat;docs;check'= {
            cand -o 'Output format'
            cand --format 'Output format'
            cand --output 'Output format'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --all 'Check the docs of every entity that has them'
            cand --strict 'Treat warnings (pages not in nav, anchors, a missing home page) as errors'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;docs;build'= {
            cand --output 'Where the site goes; must be new or empty unless --force [default: mkdocs.yml''s site_dir, `site` beside it]'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --force 'Write into a non-empty output directory (files of the same name are replaced)'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;docs;serve'= {
            cand -a 'The address to serve on [default: mkdocs'' 127.0.0.1:8000]'
            cand --dev-addr 'The address to serve on [default: mkdocs'' 127.0.0.1:8000]'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;docs;help'= {
            cand check 'Check the docs: mkdocs.yml, nav, links and images (exit 1 on errors)'
            cand build 'Build the site with mkdocs into a new directory'
            cand serve 'Serve the site with `mkdocs serve`, rebuilt on every change'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'plat;docs;help;check'= {
        }
        &'plat;docs;help;build'= {
        }
        &'plat;docs;help;serve'= {
        }
        &'plat;docs;help;help'= {
        }
        &'plat;dora'= {
            cand --owner 'Every Component this owner owns (a group by default, e.g. payments or group:payments)'
            cand --since 'The window: this long, up to now (or --to) [default: 30d, or dora.since]'
            cand --from 'The window''s start (a date, or an RFC 3339 time)'
            cand --to 'The window''s end; a date includes that day [default: now]'
            cand --env 'The environment deployments go to [default: production, or dora.environment]'
            cand --repo 'The clone to read tags and commits from (one service only)'
            cand -o 'o'
            cand --output 'output'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --all 'Every Component in the catalog'
            cand --chart 'Also draw deployments and lead time per week as bar charts'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;env'= {
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand up 'Create or update the preview environment of a pull request'
            cand ls 'List preview environments'
            cand list 'List preview environments'
            cand down 'Delete a preview environment'
            cand extend 'Move a preview environment''s expiry to now + --ttl'
            cand gc 'Delete every expired preview environment (for a cron job)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'plat;env;up'= {
            cand --pr 'The pull request number'
            cand --service 'The service (a Component) [default: the one in this repository''s catalog-info.yaml]'
            cand --ttl 'How long the environment lives [default: environments.ttl, else 48h]'
            cand --image-tag 'The image tag the manifests get as `image_tag` [default: pr-N]'
            cand --timeout 'How long --wait waits'
            cand -o 'o'
            cand --output 'output'
            cand --kubeconfig 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]'
            cand --context 'The kubeconfig context [default: its current context]'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --wait 'Wait until every Deployment and StatefulSet has rolled out'
            cand --force-conflicts 'Take over fields another field manager owns (server-side apply --force)'
            cand --dry-run 'Show the namespace and the rendered manifests; no cluster contact'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;env;ls'= {
            cand --service 'The service [default: the one in this repository''s catalog-info.yaml]'
            cand -o 'o'
            cand --output 'output'
            cand --kubeconfig 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]'
            cand --context 'The kubeconfig context [default: its current context]'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --all-services 'Every service''s environments, not only this repository''s service'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;env;list'= {
            cand --service 'The service [default: the one in this repository''s catalog-info.yaml]'
            cand -o 'o'
            cand --output 'output'
            cand --kubeconfig 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]'
            cand --context 'The kubeconfig context [default: its current context]'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --all-services 'Every service''s environments, not only this repository''s service'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;env;down'= {
            cand --pr 'The pull request number'
            cand --service 'The service [default: the one in this repository''s catalog-info.yaml]'
            cand --namespace 'The namespace itself'
            cand -o 'o'
            cand --output 'output'
            cand --kubeconfig 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]'
            cand --context 'The kubeconfig context [default: its current context]'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;env;extend'= {
            cand --pr 'The pull request number'
            cand --service 'The service [default: the one in this repository''s catalog-info.yaml]'
            cand --namespace 'The namespace itself'
            cand -o 'o'
            cand --output 'output'
            cand --kubeconfig 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]'
            cand --context 'The kubeconfig context [default: its current context]'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand --ttl 'The new time to live, from now'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;env;gc'= {
            cand -o 'o'
            cand --output 'output'
            cand --kubeconfig 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]'
            cand --context 'The kubeconfig context [default: its current context]'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --dry-run 'List what has expired; delete nothing'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;env;help'= {
            cand up 'Create or update the preview environment of a pull request'
            cand ls 'List preview environments'
            cand down 'Delete a preview environment'
            cand extend 'Move a preview environment''s expiry to now + --ttl'
            cand gc 'Delete every expired preview environment (for a cron job)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'plat;env;help;up'= {
        }
        &'plat;env;help;ls'= {
        }
        &'plat;env;help;down'= {
        }
        &'plat;env;help;extend'= {
        }
        &'plat;env;help;gc'= {
        }
        &'plat;env;help;help'= {
        }
        &'plat;new'= {
            cand --set 'A parameter value, typed by the template''s schema (repeatable; a.b=1 for nested)'
            cand --values 'Parameter values from a YAML or JSON file'
            cand --secret 'A secret for ${{ secrets.KEY }} (repeatable; also PLAT_SECRET_<KEY>)'
            cand --output 'Write the project here instead of publishing: workspace steps run, the rest are listed as skipped'
            cand --resume 'Continue a run that failed after publishing steps, from the failed step'
            cand --author 'Commit author, "Name <email>" [default: git config]'
            cand -o 'Output format'
            cand --format 'Output format'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --list 'List the templates plat can run'
            cand --force 'Write into a non-empty --output directory (existing files are replaced)'
            cand --dry-run 'Show each step with its input, what it would send, and the files it would make; change nothing'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;runs'= {
            cand --branch 'Only runs of this branch'
            cand --limit 'At most this many, newest first (GitHub finds at most 1000 for a filtered list)'
            cand --run 'One run: its jobs and their steps'
            cand -o 'human: a table; json and yaml: every field'
            cand --output 'human: a table; json and yaml: every field'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --failed 'Only runs that failed (GitHub''s status=failure)'
            cand --exit-status 'Exit 1 when the newest run listed (or the --run) failed, as `gh run view --exit-status`'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;status'= {
            cand --context 'Read only this cluster: a name or context from plat.yaml''s kubernetes.clusters, or any context of the kubeconfig [default: every configured cluster, else the current context]'
            cand --kubeconfig 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]'
            cand -n 'Read only this namespace [default: the entity''s backstage.io/kubernetes-namespace, else the cluster''s namespace, else all]'
            cand --namespace 'Read only this namespace [default: the entity''s backstage.io/kubernetes-namespace, else the cluster''s namespace, else all]'
            cand --interval 'How often --watch reads'
            cand --request-timeout 'How long connecting to a cluster and each request may take'
            cand -o 'o'
            cand --output 'output'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand -w 'Keep reading until interrupted: redrawn in place on a terminal, a new snapshot per change elsewhere'
            cand --watch 'Keep reading until interrupted: redrawn in place on a terminal, a new snapshot per change elsewhere'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;templates'= {
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List the templates plat can run (same as `plat new --list`)'
            cand list 'List the templates plat can run (same as `plat new --list`)'
            cand render 'Render a skeleton directory with values, as fetch:template does'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'plat;templates;ls'= {
            cand -o 'Output format'
            cand --format 'Output format'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;templates;list'= {
            cand -o 'Output format'
            cand --format 'Output format'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;templates;render'= {
            cand --values 'The values, as `${{ values.x }}` (YAML or JSON mapping)'
            cand --output 'Where to write; must not exist or be empty unless --force'
            cand --copy-without-templating 'Copy matching files without rendering their contents (repeatable)'
            cand --copy-without-render 'Copy matching files and names without rendering anything (repeatable)'
            cand --template-extension 'Render only files with this extension, which is removed (e.g. .njk)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --force 'Write into a non-empty directory, replacing files with the same name'
            cand --cookiecutter '`{{ cookiecutter.x }}` syntax instead of `${{ values.x }}`'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;templates;help'= {
            cand ls 'List the templates plat can run (same as `plat new --list`)'
            cand render 'Render a skeleton directory with values, as fetch:template does'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'plat;templates;help;ls'= {
        }
        &'plat;templates;help;render'= {
        }
        &'plat;templates;help;help'= {
        }
        &'plat;update'= {
            cand --to 'Update to this branch, tag or commit of the template''s repository [default: the recorded branch, else the default branch]'
            cand --set 'A parameter value (new parameters, or a changed one; repeatable)'
            cand --values 'Parameter values from a YAML or JSON file'
            cand --secret 'A secret for ${{ secrets.KEY }} (repeatable; also PLAT_SECRET_<KEY>)'
            cand --conflict 'How a file both sides changed is written when the changes overlap'
            cand --owner 'With --all: only this owner''s entities (a group by default, e.g. payments or group:payments)'
            cand --adopt 'Record TEMPLATE (and the --set values) as the base of a project plat did not make; no other file changes'
            cand -o 'Output format'
            cand --format 'Output format'
            cand --location 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)'
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --dry-run 'Show what each file would become, with unified diffs; write nothing'
            cand --allow-dirty 'Update even though git reports uncommitted changes'
            cand --check 'Exit 1 when a newer template version exists (changes nothing)'
            cand --all 'List the catalog''s entities that are behind their template (with --dry-run)'
            cand --offline 'Use only what the HTTP cache holds; say which locations are missing'
            cand --refresh 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;completions'= {
            cand -C 'Run as if plat was started in DIR'
            cand --config 'Use this config file instead of searching for plat.yaml'
            cand --color 'When to use colour (NO_COLOR always turns it off)'
            cand --no-input 'Never prompt (also when stdin is not a terminal, or CI is set)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Print more about what plat does'
            cand --verbose 'Print more about what plat does'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plat;help'= {
            cand catalog 'Read, search and validate the software catalog'
            cand deployments 'A service''s recent deployments: who, the changes each shipped, lead time'
            cand deps 'Dependencies, dependents and impact of an entity; --check for the catalog'
            cand docs 'Where an entity''s TechDocs are; check, build or serve them'
            cand dora 'DORA metrics of a service, an owner''s services, or all, from git, records, GitHub and PagerDuty'
            cand env 'Preview environments on Kubernetes, one namespace per pull request'
            cand new 'Create a project from a software template (Backstage template.yaml)'
            cand runs 'The CI runs (GitHub Actions) of an entity''s repository; --run ID for one run''s jobs'
            cand status 'What runs on Kubernetes for an entity, in every configured cluster (exit 0 healthy, 1 degraded, 2 error)'
            cand templates 'List templates, or render a skeleton directory with values'
            cand update 'Bring a project made by `plat new` up to its template''s newer version (three-way merge)'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'plat;help;catalog'= {
            cand ls 'List entities, with Backstage''s filters'
            cand get 'Show one entity with its relations'
            cand validate 'Check catalog files as Backstage would, and more (the CI linter)'
        }
        &'plat;help;catalog;ls'= {
        }
        &'plat;help;catalog;get'= {
        }
        &'plat;help;catalog;validate'= {
        }
        &'plat;help;deployments'= {
        }
        &'plat;help;deps'= {
        }
        &'plat;help;docs'= {
            cand check 'Check the docs: mkdocs.yml, nav, links and images (exit 1 on errors)'
            cand build 'Build the site with mkdocs into a new directory'
            cand serve 'Serve the site with `mkdocs serve`, rebuilt on every change'
        }
        &'plat;help;docs;check'= {
        }
        &'plat;help;docs;build'= {
        }
        &'plat;help;docs;serve'= {
        }
        &'plat;help;dora'= {
        }
        &'plat;help;env'= {
            cand up 'Create or update the preview environment of a pull request'
            cand ls 'List preview environments'
            cand down 'Delete a preview environment'
            cand extend 'Move a preview environment''s expiry to now + --ttl'
            cand gc 'Delete every expired preview environment (for a cron job)'
        }
        &'plat;help;env;up'= {
        }
        &'plat;help;env;ls'= {
        }
        &'plat;help;env;down'= {
        }
        &'plat;help;env;extend'= {
        }
        &'plat;help;env;gc'= {
        }
        &'plat;help;new'= {
        }
        &'plat;help;runs'= {
        }
        &'plat;help;status'= {
        }
        &'plat;help;templates'= {
            cand ls 'List the templates plat can run (same as `plat new --list`)'
            cand render 'Render a skeleton directory with values, as fetch:template does'
        }
        &'plat;help;templates;ls'= {
        }
        &'plat;help;templates;render'= {
        }
        &'plat;help;update'= {
        }
        &'plat;help;completions'= {
        }
        &'plat;help;help'= {
        }
    ]
    $completions[$command]
}
