# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_plat_global_optspecs
    string join \n C= config= no-input color= q/quiet v/verbose h/help V/version
end

function __fish_plat_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_plat_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_plat_using_subcommand
    set -l cmd (__fish_plat_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c plat -n "__fish_plat_needs_command" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_needs_command" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_needs_command" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_needs_command" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_needs_command" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_needs_command" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_needs_command" -s h -l help -d 'Print help'
complete -c plat -n "__fish_plat_needs_command" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_needs_command" -f -a "catalog" -d 'Read, search and validate the software catalog'
complete -c plat -n "__fish_plat_needs_command" -f -a "deployments" -d 'A service\'s recent deployments: who, the changes each shipped, lead time'
complete -c plat -n "__fish_plat_needs_command" -f -a "deps" -d 'Dependencies, dependents and impact of an entity; --check for the catalog'
complete -c plat -n "__fish_plat_needs_command" -f -a "docs" -d 'Where an entity\'s TechDocs are; check, build or serve them'
complete -c plat -n "__fish_plat_needs_command" -f -a "dora" -d 'DORA metrics of a service, an owner\'s services, or all, from git, records, GitHub and PagerDuty'
complete -c plat -n "__fish_plat_needs_command" -f -a "env" -d 'Preview environments on Kubernetes, one namespace per pull request'
complete -c plat -n "__fish_plat_needs_command" -f -a "new" -d 'Create a project from a software template (Backstage template.yaml)'
complete -c plat -n "__fish_plat_needs_command" -f -a "runs" -d 'The CI runs (GitHub Actions) of an entity\'s repository; --run ID for one run\'s jobs'
complete -c plat -n "__fish_plat_needs_command" -f -a "status" -d 'What runs on Kubernetes for an entity, in every configured cluster (exit 0 healthy, 1 degraded, 2 error)'
complete -c plat -n "__fish_plat_needs_command" -f -a "templates" -d 'List templates, or render a skeleton directory with values'
complete -c plat -n "__fish_plat_needs_command" -f -a "update" -d 'Bring a project made by `plat new` up to its template\'s newer version (three-way merge)'
complete -c plat -n "__fish_plat_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c plat -n "__fish_plat_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plat -n "__fish_plat_using_subcommand catalog; and not __fish_seen_subcommand_from ls list get validate help" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand catalog; and not __fish_seen_subcommand_from ls list get validate help" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand catalog; and not __fish_seen_subcommand_from ls list get validate help" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand catalog; and not __fish_seen_subcommand_from ls list get validate help" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand catalog; and not __fish_seen_subcommand_from ls list get validate help" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand catalog; and not __fish_seen_subcommand_from ls list get validate help" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand catalog; and not __fish_seen_subcommand_from ls list get validate help" -s h -l help -d 'Print help'
complete -c plat -n "__fish_plat_using_subcommand catalog; and not __fish_seen_subcommand_from ls list get validate help" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand catalog; and not __fish_seen_subcommand_from ls list get validate help" -f -a "ls" -d 'List entities, with Backstage\'s filters'
complete -c plat -n "__fish_plat_using_subcommand catalog; and not __fish_seen_subcommand_from ls list get validate help" -f -a "list" -d 'List entities, with Backstage\'s filters'
complete -c plat -n "__fish_plat_using_subcommand catalog; and not __fish_seen_subcommand_from ls list get validate help" -f -a "get" -d 'Show one entity with its relations'
complete -c plat -n "__fish_plat_using_subcommand catalog; and not __fish_seen_subcommand_from ls list get validate help" -f -a "validate" -d 'Check catalog files as Backstage would, and more (the CI linter)'
complete -c plat -n "__fish_plat_using_subcommand catalog; and not __fish_seen_subcommand_from ls list get validate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -l kind -d 'Only these kinds (repeat or separate with commas)' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -l type -d 'Only entities with this spec.type' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -l owner -d 'Only entities owned by this owner (a group by default, e.g. payments or user:jane)' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -l system -d 'Only entities in this system' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -l lifecycle -d 'Only entities with this spec.lifecycle' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -l tag -d 'Only entities with this tag' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -l filter -d 'Backstage filter: `key=value,key2` (comma = AND); repeat for OR' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format [default: table on a terminal, else tab-separated columns]' -r -f -a "table\t'Aligned columns (the default on a terminal)'
wide\t'The table plus namespace, tags and source file'
json\t'Entities with relations, as Backstage\'s catalog API returns them'
yaml\t'The same as YAML documents'
name\t'One entity ref per line'"
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -l kind -d 'Only these kinds (repeat or separate with commas)' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -l type -d 'Only entities with this spec.type' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -l owner -d 'Only entities owned by this owner (a group by default, e.g. payments or user:jane)' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -l system -d 'Only entities in this system' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -l lifecycle -d 'Only entities with this spec.lifecycle' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -l tag -d 'Only entities with this tag' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -l filter -d 'Backstage filter: `key=value,key2` (comma = AND); repeat for OR' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table on a terminal, else tab-separated columns]' -r -f -a "table\t'Aligned columns (the default on a terminal)'
wide\t'The table plus namespace, tags and source file'
json\t'Entities with relations, as Backstage\'s catalog API returns them'
yaml\t'The same as YAML documents'
name\t'One entity ref per line'"
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format' -r -f -a "yaml\t'YAML, with the source file and line as a comment'
json\t'JSON, as Backstage\'s catalog API returns the entity'"
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from get" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from get" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from get" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from get" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from get" -l glance -d 'Show the at-a-glance block (last deployment, pods ready, last CI run, docs) also when stdout is not a terminal [default: on a terminal]'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from get" -l no-glance -d 'Leave the at-a-glance block out (no cluster or GitHub is asked)'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from get" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from get" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from get" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from validate" -s o -l format -l output -d 'Output format' -r -f -a "human\t'Messages for people, grouped by file'
json\t'One JSON object: a summary and the findings (and more, per command)'
github\t'GitHub Actions workflow commands (::error file=...::)'"
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from validate" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from validate" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from validate" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from validate" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from validate" -l strict -d 'Treat warnings (plat\'s checks beyond Backstage) as errors'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from validate" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from validate" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from validate" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from validate" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from validate" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from validate" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List entities, with Backstage\'s filters'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one entity with its relations'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Check catalog files as Backstage would, and more (the CI linter)'
complete -c plat -n "__fish_plat_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plat -n "__fish_plat_using_subcommand deployments" -l env -d 'The environment deployed to [default: dora.environment, else production]' -r
complete -c plat -n "__fish_plat_using_subcommand deployments" -l since -d 'How far back: this long, up to now [default: dora.since, else 30d]' -r
complete -c plat -n "__fish_plat_using_subcommand deployments" -l limit -d 'At most this many, newest first' -r
complete -c plat -n "__fish_plat_using_subcommand deployments" -l repo -d 'The clone to read tags and commits from' -r -F
complete -c plat -n "__fish_plat_using_subcommand deployments" -s o -l output -d 'human: a table (-v adds each deployment\'s commits); json and yaml: every field' -r -f -a "human\t'A table on a terminal; tab-separated rows without a header in a pipe'
table\t'The table a terminal shows, with its title, in a pipe too'
json\t'JSON (schema in the README)'
yaml\t'The same document as YAML'"
complete -c plat -n "__fish_plat_using_subcommand deployments" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand deployments" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand deployments" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand deployments" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand deployments" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand deployments" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand deployments" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand deployments" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand deployments" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand deployments" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand deployments" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand deps" -l relations -d 'Follow these relation types instead (comma-separated, e.g. partOf,hasPart)' -r
complete -c plat -n "__fish_plat_using_subcommand deps" -l depth -d 'Stop this many levels below the entity' -r
complete -c plat -n "__fish_plat_using_subcommand deps" -s o -l output -d 'Output format for the graph' -r -f -a "tree\t'An indented tree with owner and lifecycle (the default)'
json\t'Nodes and edges with relation types'
dot\t'A Graphviz digraph'
mermaid\t'A Mermaid flowchart'"
complete -c plat -n "__fish_plat_using_subcommand deps" -l format -d 'Output format for --check findings' -r -f -a "human\t'Messages for people, grouped by file'
json\t'One JSON object: a summary and the findings (and more, per command)'
github\t'GitHub Actions workflow commands (::error file=...::)'"
complete -c plat -n "__fish_plat_using_subcommand deps" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand deps" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand deps" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand deps" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand deps" -l reverse -d 'Show dependents (who is hit if this entity fails) instead of dependencies'
complete -c plat -n "__fish_plat_using_subcommand deps" -l impact -d 'Summarise everything that depends on the entity: counts by kind, owner and lifecycle, and each path'
complete -c plat -n "__fish_plat_using_subcommand deps" -l check -d 'Check the catalog: dangling references, cycles, production depending on deprecated or experimental'
complete -c plat -n "__fish_plat_using_subcommand deps" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand deps" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand deps" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand deps" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand deps" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand deps" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand deps" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand docs; and not __fish_seen_subcommand_from check build serve help" -s o -l output -r -f -a "human\t'For people'
json\t''
yaml\t''"
complete -c plat -n "__fish_plat_using_subcommand docs; and not __fish_seen_subcommand_from check build serve help" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand docs; and not __fish_seen_subcommand_from check build serve help" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand docs; and not __fish_seen_subcommand_from check build serve help" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand docs; and not __fish_seen_subcommand_from check build serve help" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand docs; and not __fish_seen_subcommand_from check build serve help" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand docs; and not __fish_seen_subcommand_from check build serve help" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand docs; and not __fish_seen_subcommand_from check build serve help" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand docs; and not __fish_seen_subcommand_from check build serve help" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand docs; and not __fish_seen_subcommand_from check build serve help" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand docs; and not __fish_seen_subcommand_from check build serve help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand docs; and not __fish_seen_subcommand_from check build serve help" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand docs; and not __fish_seen_subcommand_from check build serve help" -a "check" -d 'Check the docs: mkdocs.yml, nav, links and images (exit 1 on errors)'
complete -c plat -n "__fish_plat_using_subcommand docs; and not __fish_seen_subcommand_from check build serve help" -a "build" -d 'Build the site with mkdocs into a new directory'
complete -c plat -n "__fish_plat_using_subcommand docs; and not __fish_seen_subcommand_from check build serve help" -a "serve" -d 'Serve the site with `mkdocs serve`, rebuilt on every change'
complete -c plat -n "__fish_plat_using_subcommand docs; and not __fish_seen_subcommand_from check build serve help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from check" -s o -l format -l output -d 'Output format' -r -f -a "human\t'Messages for people, grouped by file'
json\t'One JSON object: a summary and the findings (and more, per command)'
github\t'GitHub Actions workflow commands (::error file=...::)'"
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from check" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from check" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from check" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from check" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from check" -l all -d 'Check the docs of every entity that has them'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from check" -l strict -d 'Treat warnings (pages not in nav, anchors, a missing home page) as errors'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from check" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from check" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from check" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from build" -l output -d 'Where the site goes; must be new or empty unless --force [default: mkdocs.yml\'s site_dir, `site` beside it]' -r -F
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from build" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from build" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from build" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from build" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from build" -l force -d 'Write into a non-empty output directory (files of the same name are replaced)'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from build" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from build" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from build" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from build" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from build" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from build" -s h -l help -d 'Print help'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from build" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from serve" -s a -l dev-addr -d 'The address to serve on [default: mkdocs\' 127.0.0.1:8000]' -r
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from serve" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from serve" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from serve" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from serve" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from serve" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from serve" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from serve" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from serve" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check the docs: mkdocs.yml, nav, links and images (exit 1 on errors)'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from help" -f -a "build" -d 'Build the site with mkdocs into a new directory'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Serve the site with `mkdocs serve`, rebuilt on every change'
complete -c plat -n "__fish_plat_using_subcommand docs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plat -n "__fish_plat_using_subcommand dora" -l owner -d 'Every Component this owner owns (a group by default, e.g. payments or group:payments)' -r
complete -c plat -n "__fish_plat_using_subcommand dora" -l since -d 'The window: this long, up to now (or --to) [default: 30d, or dora.since]' -r
complete -c plat -n "__fish_plat_using_subcommand dora" -l from -d 'The window\'s start (a date, or an RFC 3339 time)' -r
complete -c plat -n "__fish_plat_using_subcommand dora" -l to -d 'The window\'s end; a date includes that day [default: now]' -r
complete -c plat -n "__fish_plat_using_subcommand dora" -l env -d 'The environment deployments go to [default: production, or dora.environment]' -r
complete -c plat -n "__fish_plat_using_subcommand dora" -l repo -d 'The clone to read tags and commits from (one service only)' -r -F
complete -c plat -n "__fish_plat_using_subcommand dora" -s o -l output -r -f -a "human\t'A table of metrics (one row per service with --owner/--all); tab-separated rows in a pipe'
table\t'The table a terminal shows, with its title, in a pipe too'
json\t'Every metric, level and previous value (schema in the README)'
csv\t'One row per service, and the rollup'
openmetrics\t'OpenMetrics text, for a Prometheus pushgateway or textfile collector'"
complete -c plat -n "__fish_plat_using_subcommand dora" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand dora" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand dora" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand dora" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand dora" -l all -d 'Every Component in the catalog'
complete -c plat -n "__fish_plat_using_subcommand dora" -l chart -d 'Also draw deployments and lead time per week as bar charts'
complete -c plat -n "__fish_plat_using_subcommand dora" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand dora" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand dora" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand dora" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand dora" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand dora" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand dora" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand env; and not __fish_seen_subcommand_from up ls list down extend gc help" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and not __fish_seen_subcommand_from up ls list down extend gc help" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and not __fish_seen_subcommand_from up ls list down extend gc help" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand env; and not __fish_seen_subcommand_from up ls list down extend gc help" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand env; and not __fish_seen_subcommand_from up ls list down extend gc help" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand env; and not __fish_seen_subcommand_from up ls list down extend gc help" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand env; and not __fish_seen_subcommand_from up ls list down extend gc help" -s h -l help -d 'Print help'
complete -c plat -n "__fish_plat_using_subcommand env; and not __fish_seen_subcommand_from up ls list down extend gc help" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand env; and not __fish_seen_subcommand_from up ls list down extend gc help" -f -a "up" -d 'Create or update the preview environment of a pull request'
complete -c plat -n "__fish_plat_using_subcommand env; and not __fish_seen_subcommand_from up ls list down extend gc help" -f -a "ls" -d 'List preview environments'
complete -c plat -n "__fish_plat_using_subcommand env; and not __fish_seen_subcommand_from up ls list down extend gc help" -f -a "list" -d 'List preview environments'
complete -c plat -n "__fish_plat_using_subcommand env; and not __fish_seen_subcommand_from up ls list down extend gc help" -f -a "down" -d 'Delete a preview environment'
complete -c plat -n "__fish_plat_using_subcommand env; and not __fish_seen_subcommand_from up ls list down extend gc help" -f -a "extend" -d 'Move a preview environment\'s expiry to now + --ttl'
complete -c plat -n "__fish_plat_using_subcommand env; and not __fish_seen_subcommand_from up ls list down extend gc help" -f -a "gc" -d 'Delete every expired preview environment (for a cron job)'
complete -c plat -n "__fish_plat_using_subcommand env; and not __fish_seen_subcommand_from up ls list down extend gc help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -l pr -d 'The pull request number' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -l service -d 'The service (a Component) [default: the one in this repository\'s catalog-info.yaml]' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -l ttl -d 'How long the environment lives [default: environments.ttl, else 48h]' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -l image-tag -d 'The image tag the manifests get as `image_tag` [default: pr-N]' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -l timeout -d 'How long --wait waits' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -s o -l output -r -f -a "human\t'For people: a summary, or a table'
json\t''
yaml\t''"
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -l kubeconfig -d 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -l context -d 'The kubeconfig context [default: its current context]' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -l wait -d 'Wait until every Deployment and StatefulSet has rolled out'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -l force-conflicts -d 'Take over fields another field manager owns (server-side apply --force)'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -l dry-run -d 'Show the namespace and the rendered manifests; no cluster contact'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from up" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from ls" -l service -d 'The service [default: the one in this repository\'s catalog-info.yaml]' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from ls" -s o -l output -r -f -a "human\t'For people: a summary, or a table'
json\t''
yaml\t''"
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from ls" -l kubeconfig -d 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from ls" -l context -d 'The kubeconfig context [default: its current context]' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from ls" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from ls" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from ls" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from ls" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from ls" -l all-services -d 'Every service\'s environments, not only this repository\'s service'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from ls" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from ls" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from list" -l service -d 'The service [default: the one in this repository\'s catalog-info.yaml]' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from list" -s o -l output -r -f -a "human\t'For people: a summary, or a table'
json\t''
yaml\t''"
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from list" -l kubeconfig -d 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from list" -l context -d 'The kubeconfig context [default: its current context]' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from list" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from list" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from list" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from list" -l all-services -d 'Every service\'s environments, not only this repository\'s service'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from list" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from list" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -l pr -d 'The pull request number' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -l service -d 'The service [default: the one in this repository\'s catalog-info.yaml]' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -l namespace -d 'The namespace itself' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -s o -l output -r -f -a "human\t'For people: a summary, or a table'
json\t''
yaml\t''"
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -l kubeconfig -d 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -l context -d 'The kubeconfig context [default: its current context]' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from down" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -l pr -d 'The pull request number' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -l service -d 'The service [default: the one in this repository\'s catalog-info.yaml]' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -l namespace -d 'The namespace itself' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -s o -l output -r -f -a "human\t'For people: a summary, or a table'
json\t''
yaml\t''"
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -l kubeconfig -d 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -l context -d 'The kubeconfig context [default: its current context]' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -l ttl -d 'The new time to live, from now' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from extend" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from gc" -s o -l output -r -f -a "human\t'For people: a summary, or a table'
json\t''
yaml\t''"
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from gc" -l kubeconfig -d 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from gc" -l context -d 'The kubeconfig context [default: its current context]' -r
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from gc" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from gc" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from gc" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from gc" -l dry-run -d 'List what has expired; delete nothing'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from gc" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from gc" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from gc" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from gc" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from gc" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "up" -d 'Create or update the preview environment of a pull request'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List preview environments'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "down" -d 'Delete a preview environment'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "extend" -d 'Move a preview environment\'s expiry to now + --ttl'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "gc" -d 'Delete every expired preview environment (for a cron job)'
complete -c plat -n "__fish_plat_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plat -n "__fish_plat_using_subcommand new" -l set -d 'A parameter value, typed by the template\'s schema (repeatable; a.b=1 for nested)' -r
complete -c plat -n "__fish_plat_using_subcommand new" -l values -d 'Parameter values from a YAML or JSON file' -r -F
complete -c plat -n "__fish_plat_using_subcommand new" -l secret -d 'A secret for ${{ secrets.KEY }} (repeatable; also PLAT_SECRET_<KEY>)' -r
complete -c plat -n "__fish_plat_using_subcommand new" -l output -d 'Write the project here instead of publishing: workspace steps run, the rest are listed as skipped' -r -F
complete -c plat -n "__fish_plat_using_subcommand new" -l resume -d 'Continue a run that failed after publishing steps, from the failed step' -r -F
complete -c plat -n "__fish_plat_using_subcommand new" -l author -d 'Commit author, "Name <email>" [default: git config]' -r
complete -c plat -n "__fish_plat_using_subcommand new" -s o -l format -d 'Output format' -r -f -a "human\t'Messages for people'
json\t'The run (steps, links, text) or the template list as JSON'"
complete -c plat -n "__fish_plat_using_subcommand new" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand new" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand new" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand new" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand new" -l list -d 'List the templates plat can run'
complete -c plat -n "__fish_plat_using_subcommand new" -l force -d 'Write into a non-empty --output directory (existing files are replaced)'
complete -c plat -n "__fish_plat_using_subcommand new" -l dry-run -d 'Show each step with its input, what it would send, and the files it would make; change nothing'
complete -c plat -n "__fish_plat_using_subcommand new" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand new" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand new" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand new" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand new" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand new" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand runs" -l branch -d 'Only runs of this branch' -r
complete -c plat -n "__fish_plat_using_subcommand runs" -l limit -d 'At most this many, newest first (GitHub finds at most 1000 for a filtered list)' -r
complete -c plat -n "__fish_plat_using_subcommand runs" -l run -d 'One run: its jobs and their steps' -r
complete -c plat -n "__fish_plat_using_subcommand runs" -s o -l output -d 'human: a table; json and yaml: every field' -r -f -a "human\t'A table on a terminal; tab-separated rows without a header in a pipe'
json\t'JSON (schema in the README)'
yaml\t'The same document as YAML'"
complete -c plat -n "__fish_plat_using_subcommand runs" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand runs" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand runs" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand runs" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand runs" -l failed -d 'Only runs that failed (GitHub\'s status=failure)'
complete -c plat -n "__fish_plat_using_subcommand runs" -l exit-status -d 'Exit 1 when the newest run listed (or the --run) failed, as `gh run view --exit-status`'
complete -c plat -n "__fish_plat_using_subcommand runs" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand runs" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand runs" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand runs" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand runs" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand runs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand runs" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand status" -l context -d 'Read only this cluster: a name or context from plat.yaml\'s kubernetes.clusters, or any context of the kubeconfig [default: every configured cluster, else the current context]' -r
complete -c plat -n "__fish_plat_using_subcommand status" -l kubeconfig -d 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]' -r -F
complete -c plat -n "__fish_plat_using_subcommand status" -s n -l namespace -d 'Read only this namespace [default: the entity\'s backstage.io/kubernetes-namespace, else the cluster\'s namespace, else all]' -r
complete -c plat -n "__fish_plat_using_subcommand status" -l interval -d 'How often --watch reads' -r
complete -c plat -n "__fish_plat_using_subcommand status" -l request-timeout -d 'How long connecting to a cluster and each request may take' -r
complete -c plat -n "__fish_plat_using_subcommand status" -s o -l output -r -f -a "human\t'Tables per cluster, then the problems with hints'
json\t'The whole report (schema in the README); with --watch, one line per change'
yaml\t'The whole report; with --watch, one document per change'"
complete -c plat -n "__fish_plat_using_subcommand status" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand status" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand status" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand status" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand status" -s w -l watch -d 'Keep reading until interrupted: redrawn in place on a terminal, a new snapshot per change elsewhere'
complete -c plat -n "__fish_plat_using_subcommand status" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand status" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand status" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand status" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand status" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand status" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand templates; and not __fish_seen_subcommand_from ls list render help" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand templates; and not __fish_seen_subcommand_from ls list render help" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand templates; and not __fish_seen_subcommand_from ls list render help" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand templates; and not __fish_seen_subcommand_from ls list render help" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand templates; and not __fish_seen_subcommand_from ls list render help" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand templates; and not __fish_seen_subcommand_from ls list render help" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand templates; and not __fish_seen_subcommand_from ls list render help" -s h -l help -d 'Print help'
complete -c plat -n "__fish_plat_using_subcommand templates; and not __fish_seen_subcommand_from ls list render help" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand templates; and not __fish_seen_subcommand_from ls list render help" -f -a "ls" -d 'List the templates plat can run (same as `plat new --list`)'
complete -c plat -n "__fish_plat_using_subcommand templates; and not __fish_seen_subcommand_from ls list render help" -f -a "list" -d 'List the templates plat can run (same as `plat new --list`)'
complete -c plat -n "__fish_plat_using_subcommand templates; and not __fish_seen_subcommand_from ls list render help" -f -a "render" -d 'Render a skeleton directory with values, as fetch:template does'
complete -c plat -n "__fish_plat_using_subcommand templates; and not __fish_seen_subcommand_from ls list render help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from ls" -s o -l format -d 'Output format' -r -f -a "human\t'Messages for people'
json\t'The run (steps, links, text) or the template list as JSON'"
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from ls" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from ls" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from ls" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from ls" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from ls" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from ls" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from list" -s o -l format -d 'Output format' -r -f -a "human\t'Messages for people'
json\t'The run (steps, links, text) or the template list as JSON'"
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from list" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from list" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from list" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from list" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from list" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from render" -l values -d 'The values, as `${{ values.x }}` (YAML or JSON mapping)' -r -F
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from render" -l output -d 'Where to write; must not exist or be empty unless --force' -r -F
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from render" -l copy-without-templating -d 'Copy matching files without rendering their contents (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from render" -l copy-without-render -d 'Copy matching files and names without rendering anything (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from render" -l template-extension -d 'Render only files with this extension, which is removed (e.g. .njk)' -r
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from render" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from render" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from render" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from render" -l force -d 'Write into a non-empty directory, replacing files with the same name'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from render" -l cookiecutter -d '`{{ cookiecutter.x }}` syntax instead of `${{ values.x }}`'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from render" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from render" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from render" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from render" -s h -l help -d 'Print help'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from render" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List the templates plat can run (same as `plat new --list`)'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from help" -f -a "render" -d 'Render a skeleton directory with values, as fetch:template does'
complete -c plat -n "__fish_plat_using_subcommand templates; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plat -n "__fish_plat_using_subcommand update" -l to -d 'Update to this branch, tag or commit of the template\'s repository [default: the recorded branch, else the default branch]' -r
complete -c plat -n "__fish_plat_using_subcommand update" -l set -d 'A parameter value (new parameters, or a changed one; repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand update" -l values -d 'Parameter values from a YAML or JSON file' -r -F
complete -c plat -n "__fish_plat_using_subcommand update" -l secret -d 'A secret for ${{ secrets.KEY }} (repeatable; also PLAT_SECRET_<KEY>)' -r
complete -c plat -n "__fish_plat_using_subcommand update" -l conflict -d 'How a file both sides changed is written when the changes overlap' -r -f -a "merge\t'Conflict markers in the file, as git merge writes them'
rej\t'The user\'s file kept; the template\'s change that did not apply in FILE.rej'"
complete -c plat -n "__fish_plat_using_subcommand update" -l owner -d 'With --all: only this owner\'s entities (a group by default, e.g. payments or group:payments)' -r
complete -c plat -n "__fish_plat_using_subcommand update" -l adopt -d 'Record TEMPLATE (and the --set values) as the base of a project plat did not make; no other file changes' -r
complete -c plat -n "__fish_plat_using_subcommand update" -s o -l format -d 'Output format' -r -f -a "human\t'Messages and diffs for people'
json\t'The plan, the check or the list as JSON'"
complete -c plat -n "__fish_plat_using_subcommand update" -l location -d 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)' -r
complete -c plat -n "__fish_plat_using_subcommand update" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand update" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand update" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand update" -l dry-run -d 'Show what each file would become, with unified diffs; write nothing'
complete -c plat -n "__fish_plat_using_subcommand update" -l allow-dirty -d 'Update even though git reports uncommitted changes'
complete -c plat -n "__fish_plat_using_subcommand update" -l check -d 'Exit 1 when a newer template version exists (changes nothing)'
complete -c plat -n "__fish_plat_using_subcommand update" -l all -d 'List the catalog\'s entities that are behind their template (with --dry-run)'
complete -c plat -n "__fish_plat_using_subcommand update" -l offline -d 'Use only what the HTTP cache holds; say which locations are missing'
complete -c plat -n "__fish_plat_using_subcommand update" -l refresh -d 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)'
complete -c plat -n "__fish_plat_using_subcommand update" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand update" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand update" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plat -n "__fish_plat_using_subcommand update" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand completions" -s C -d 'Run as if plat was started in DIR' -r -F
complete -c plat -n "__fish_plat_using_subcommand completions" -l config -d 'Use this config file instead of searching for plat.yaml' -r -F
complete -c plat -n "__fish_plat_using_subcommand completions" -l color -d 'When to use colour (NO_COLOR always turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c plat -n "__fish_plat_using_subcommand completions" -l no-input -d 'Never prompt (also when stdin is not a terminal, or CI is set)'
complete -c plat -n "__fish_plat_using_subcommand completions" -s q -l quiet -d 'Print only data and errors'
complete -c plat -n "__fish_plat_using_subcommand completions" -s v -l verbose -d 'Print more about what plat does'
complete -c plat -n "__fish_plat_using_subcommand completions" -s h -l help -d 'Print help'
complete -c plat -n "__fish_plat_using_subcommand completions" -s V -l version -d 'Print version'
complete -c plat -n "__fish_plat_using_subcommand help; and not __fish_seen_subcommand_from catalog deployments deps docs dora env new runs status templates update completions help" -f -a "catalog" -d 'Read, search and validate the software catalog'
complete -c plat -n "__fish_plat_using_subcommand help; and not __fish_seen_subcommand_from catalog deployments deps docs dora env new runs status templates update completions help" -f -a "deployments" -d 'A service\'s recent deployments: who, the changes each shipped, lead time'
complete -c plat -n "__fish_plat_using_subcommand help; and not __fish_seen_subcommand_from catalog deployments deps docs dora env new runs status templates update completions help" -f -a "deps" -d 'Dependencies, dependents and impact of an entity; --check for the catalog'
complete -c plat -n "__fish_plat_using_subcommand help; and not __fish_seen_subcommand_from catalog deployments deps docs dora env new runs status templates update completions help" -f -a "docs" -d 'Where an entity\'s TechDocs are; check, build or serve them'
complete -c plat -n "__fish_plat_using_subcommand help; and not __fish_seen_subcommand_from catalog deployments deps docs dora env new runs status templates update completions help" -f -a "dora" -d 'DORA metrics of a service, an owner\'s services, or all, from git, records, GitHub and PagerDuty'
complete -c plat -n "__fish_plat_using_subcommand help; and not __fish_seen_subcommand_from catalog deployments deps docs dora env new runs status templates update completions help" -f -a "env" -d 'Preview environments on Kubernetes, one namespace per pull request'
complete -c plat -n "__fish_plat_using_subcommand help; and not __fish_seen_subcommand_from catalog deployments deps docs dora env new runs status templates update completions help" -f -a "new" -d 'Create a project from a software template (Backstage template.yaml)'
complete -c plat -n "__fish_plat_using_subcommand help; and not __fish_seen_subcommand_from catalog deployments deps docs dora env new runs status templates update completions help" -f -a "runs" -d 'The CI runs (GitHub Actions) of an entity\'s repository; --run ID for one run\'s jobs'
complete -c plat -n "__fish_plat_using_subcommand help; and not __fish_seen_subcommand_from catalog deployments deps docs dora env new runs status templates update completions help" -f -a "status" -d 'What runs on Kubernetes for an entity, in every configured cluster (exit 0 healthy, 1 degraded, 2 error)'
complete -c plat -n "__fish_plat_using_subcommand help; and not __fish_seen_subcommand_from catalog deployments deps docs dora env new runs status templates update completions help" -f -a "templates" -d 'List templates, or render a skeleton directory with values'
complete -c plat -n "__fish_plat_using_subcommand help; and not __fish_seen_subcommand_from catalog deployments deps docs dora env new runs status templates update completions help" -f -a "update" -d 'Bring a project made by `plat new` up to its template\'s newer version (three-way merge)'
complete -c plat -n "__fish_plat_using_subcommand help; and not __fish_seen_subcommand_from catalog deployments deps docs dora env new runs status templates update completions help" -f -a "completions" -d 'Print shell completions'
complete -c plat -n "__fish_plat_using_subcommand help; and not __fish_seen_subcommand_from catalog deployments deps docs dora env new runs status templates update completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plat -n "__fish_plat_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "ls" -d 'List entities, with Backstage\'s filters'
complete -c plat -n "__fish_plat_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "get" -d 'Show one entity with its relations'
complete -c plat -n "__fish_plat_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "validate" -d 'Check catalog files as Backstage would, and more (the CI linter)'
complete -c plat -n "__fish_plat_using_subcommand help; and __fish_seen_subcommand_from docs" -f -a "check" -d 'Check the docs: mkdocs.yml, nav, links and images (exit 1 on errors)'
complete -c plat -n "__fish_plat_using_subcommand help; and __fish_seen_subcommand_from docs" -f -a "build" -d 'Build the site with mkdocs into a new directory'
complete -c plat -n "__fish_plat_using_subcommand help; and __fish_seen_subcommand_from docs" -f -a "serve" -d 'Serve the site with `mkdocs serve`, rebuilt on every change'
complete -c plat -n "__fish_plat_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "up" -d 'Create or update the preview environment of a pull request'
complete -c plat -n "__fish_plat_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "ls" -d 'List preview environments'
complete -c plat -n "__fish_plat_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "down" -d 'Delete a preview environment'
complete -c plat -n "__fish_plat_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "extend" -d 'Move a preview environment\'s expiry to now + --ttl'
complete -c plat -n "__fish_plat_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "gc" -d 'Delete every expired preview environment (for a cron job)'
complete -c plat -n "__fish_plat_using_subcommand help; and __fish_seen_subcommand_from templates" -f -a "ls" -d 'List the templates plat can run (same as `plat new --list`)'
complete -c plat -n "__fish_plat_using_subcommand help; and __fish_seen_subcommand_from templates" -f -a "render" -d 'Render a skeleton directory with values, as fetch:template does'
