
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'plat' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'plat'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'plat' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('catalog', 'catalog', [CompletionResultType]::ParameterValue, 'Read, search and validate the software catalog')
            [CompletionResult]::new('deployments', 'deployments', [CompletionResultType]::ParameterValue, 'A service''s recent deployments: who, the changes each shipped, lead time')
            [CompletionResult]::new('deps', 'deps', [CompletionResultType]::ParameterValue, 'Dependencies, dependents and impact of an entity; --check for the catalog')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'Where an entity''s TechDocs are; check, build or serve them')
            [CompletionResult]::new('dora', 'dora', [CompletionResultType]::ParameterValue, 'DORA metrics of a service, an owner''s services, or all, from git, records, GitHub and PagerDuty')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Preview environments on Kubernetes, one namespace per pull request')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a project from a software template (Backstage template.yaml)')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'The CI runs (GitHub Actions) of an entity''s repository; --run ID for one run''s jobs')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'What runs on Kubernetes for an entity, in every configured cluster (exit 0 healthy, 1 degraded, 2 error)')
            [CompletionResult]::new('templates', 'templates', [CompletionResultType]::ParameterValue, 'List templates, or render a skeleton directory with values')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Bring a project made by `plat new` up to its template''s newer version (three-way merge)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plat;catalog' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List entities, with Backstage''s filters')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List entities, with Backstage''s filters')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one entity with its relations')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check catalog files as Backstage would, and more (the CI linter)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plat;catalog;ls' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only these kinds (repeat or separate with commas)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only entities with this spec.type')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Only entities owned by this owner (a group by default, e.g. payments or user:jane)')
            [CompletionResult]::new('--system', '--system', [CompletionResultType]::ParameterName, 'Only entities in this system')
            [CompletionResult]::new('--lifecycle', '--lifecycle', [CompletionResultType]::ParameterName, 'Only entities with this spec.lifecycle')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only entities with this tag')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Backstage filter: `key=value,key2` (comma = AND); repeat for OR')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else tab-separated columns]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else tab-separated columns]')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;catalog;list' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only these kinds (repeat or separate with commas)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only entities with this spec.type')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Only entities owned by this owner (a group by default, e.g. payments or user:jane)')
            [CompletionResult]::new('--system', '--system', [CompletionResultType]::ParameterName, 'Only entities in this system')
            [CompletionResult]::new('--lifecycle', '--lifecycle', [CompletionResultType]::ParameterName, 'Only entities with this spec.lifecycle')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only entities with this tag')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Backstage filter: `key=value,key2` (comma = AND); repeat for OR')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else tab-separated columns]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else tab-separated columns]')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;catalog;get' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--glance', '--glance', [CompletionResultType]::ParameterName, 'Show the at-a-glance block (last deployment, pods ready, last CI run, docs) also when stdout is not a terminal [default: on a terminal]')
            [CompletionResult]::new('--no-glance', '--no-glance', [CompletionResultType]::ParameterName, 'Leave the at-a-glance block out (no cluster or GitHub is asked)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;catalog;validate' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Treat warnings (plat''s checks beyond Backstage) as errors')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;catalog;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List entities, with Backstage''s filters')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one entity with its relations')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check catalog files as Backstage would, and more (the CI linter)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plat;catalog;help;ls' {
            break
        }
        'plat;catalog;help;get' {
            break
        }
        'plat;catalog;help;validate' {
            break
        }
        'plat;catalog;help;help' {
            break
        }
        'plat;deployments' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'The environment deployed to [default: dora.environment, else production]')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'How far back: this long, up to now [default: dora.since, else 30d]')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many, newest first')
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The clone to read tags and commits from')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'human: a table (-v adds each deployment''s commits); json and yaml: every field')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'human: a table (-v adds each deployment''s commits); json and yaml: every field')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;deps' {
            [CompletionResult]::new('--relations', '--relations', [CompletionResultType]::ParameterName, 'Follow these relation types instead (comma-separated, e.g. partOf,hasPart)')
            [CompletionResult]::new('--depth', '--depth', [CompletionResultType]::ParameterName, 'Stop this many levels below the entity')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for the graph')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for the graph')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format for --check findings')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--reverse', '--reverse', [CompletionResultType]::ParameterName, 'Show dependents (who is hit if this entity fails) instead of dependencies')
            [CompletionResult]::new('--impact', '--impact', [CompletionResultType]::ParameterName, 'Summarise everything that depends on the entity: counts by kind, owner and lifecycle, and each path')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Check the catalog: dangling references, cycles, production depending on deprecated or experimental')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;docs' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the docs: mkdocs.yml, nav, links and images (exit 1 on errors)')
            [CompletionResult]::new('build', 'build', [CompletionResultType]::ParameterValue, 'Build the site with mkdocs into a new directory')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the site with `mkdocs serve`, rebuilt on every change')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plat;docs;check' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Check the docs of every entity that has them')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Treat warnings (pages not in nav, anchors, a missing home page) as errors')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;docs;build' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where the site goes; must be new or empty unless --force [default: mkdocs.yml''s site_dir, `site` beside it]')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Write into a non-empty output directory (files of the same name are replaced)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;docs;serve' {
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'The address to serve on [default: mkdocs'' 127.0.0.1:8000]')
            [CompletionResult]::new('--dev-addr', '--dev-addr', [CompletionResultType]::ParameterName, 'The address to serve on [default: mkdocs'' 127.0.0.1:8000]')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;docs;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the docs: mkdocs.yml, nav, links and images (exit 1 on errors)')
            [CompletionResult]::new('build', 'build', [CompletionResultType]::ParameterValue, 'Build the site with mkdocs into a new directory')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the site with `mkdocs serve`, rebuilt on every change')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plat;docs;help;check' {
            break
        }
        'plat;docs;help;build' {
            break
        }
        'plat;docs;help;serve' {
            break
        }
        'plat;docs;help;help' {
            break
        }
        'plat;dora' {
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Every Component this owner owns (a group by default, e.g. payments or group:payments)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'The window: this long, up to now (or --to) [default: 30d, or dora.since]')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The window''s start (a date, or an RFC 3339 time)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The window''s end; a date includes that day [default: now]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'The environment deployments go to [default: production, or dora.environment]')
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The clone to read tags and commits from (one service only)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every Component in the catalog')
            [CompletionResult]::new('--chart', '--chart', [CompletionResultType]::ParameterName, 'Also draw deployments and lead time per week as bar charts')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;env' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Create or update the preview environment of a pull request')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List preview environments')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List preview environments')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Delete a preview environment')
            [CompletionResult]::new('extend', 'extend', [CompletionResultType]::ParameterValue, 'Move a preview environment''s expiry to now + --ttl')
            [CompletionResult]::new('gc', 'gc', [CompletionResultType]::ParameterValue, 'Delete every expired preview environment (for a cron job)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plat;env;up' {
            [CompletionResult]::new('--pr', '--pr', [CompletionResultType]::ParameterName, 'The pull request number')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service (a Component) [default: the one in this repository''s catalog-info.yaml]')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'How long the environment lives [default: environments.ttl, else 48h]')
            [CompletionResult]::new('--image-tag', '--image-tag', [CompletionResultType]::ParameterName, 'The image tag the manifests get as `image_tag` [default: pr-N]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long --wait waits')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context [default: its current context]')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until every Deployment and StatefulSet has rolled out')
            [CompletionResult]::new('--force-conflicts', '--force-conflicts', [CompletionResultType]::ParameterName, 'Take over fields another field manager owns (server-side apply --force)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the namespace and the rendered manifests; no cluster contact')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;env;ls' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service [default: the one in this repository''s catalog-info.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context [default: its current context]')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--all-services', '--all-services', [CompletionResultType]::ParameterName, 'Every service''s environments, not only this repository''s service')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;env;list' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service [default: the one in this repository''s catalog-info.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context [default: its current context]')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--all-services', '--all-services', [CompletionResultType]::ParameterName, 'Every service''s environments, not only this repository''s service')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;env;down' {
            [CompletionResult]::new('--pr', '--pr', [CompletionResultType]::ParameterName, 'The pull request number')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service [default: the one in this repository''s catalog-info.yaml]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The namespace itself')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context [default: its current context]')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;env;extend' {
            [CompletionResult]::new('--pr', '--pr', [CompletionResultType]::ParameterName, 'The pull request number')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service [default: the one in this repository''s catalog-info.yaml]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The namespace itself')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context [default: its current context]')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'The new time to live, from now')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;env;gc' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context [default: its current context]')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'List what has expired; delete nothing')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;env;help' {
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Create or update the preview environment of a pull request')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List preview environments')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Delete a preview environment')
            [CompletionResult]::new('extend', 'extend', [CompletionResultType]::ParameterValue, 'Move a preview environment''s expiry to now + --ttl')
            [CompletionResult]::new('gc', 'gc', [CompletionResultType]::ParameterValue, 'Delete every expired preview environment (for a cron job)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plat;env;help;up' {
            break
        }
        'plat;env;help;ls' {
            break
        }
        'plat;env;help;down' {
            break
        }
        'plat;env;help;extend' {
            break
        }
        'plat;env;help;gc' {
            break
        }
        'plat;env;help;help' {
            break
        }
        'plat;new' {
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'A parameter value, typed by the template''s schema (repeatable; a.b=1 for nested)')
            [CompletionResult]::new('--values', '--values', [CompletionResultType]::ParameterName, 'Parameter values from a YAML or JSON file')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A secret for ${{ secrets.KEY }} (repeatable; also PLAT_SECRET_<KEY>)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the project here instead of publishing: workspace steps run, the rest are listed as skipped')
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'Continue a run that failed after publishing steps, from the failed step')
            [CompletionResult]::new('--author', '--author', [CompletionResultType]::ParameterName, 'Commit author, "Name <email>" [default: git config]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the templates plat can run')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Write into a non-empty --output directory (existing files are replaced)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show each step with its input, what it would send, and the files it would make; change nothing')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;runs' {
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'Only runs of this branch')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many, newest first (GitHub finds at most 1000 for a filtered list)')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'One run: its jobs and their steps')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'human: a table; json and yaml: every field')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'human: a table; json and yaml: every field')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--failed', '--failed', [CompletionResultType]::ParameterName, 'Only runs that failed (GitHub''s status=failure)')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit 1 when the newest run listed (or the --run) failed, as `gh run view --exit-status`')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;status' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Read only this cluster: a name or context from plat.yaml''s kubernetes.clusters, or any context of the kubeconfig [default: every configured cluster, else the current context]')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Read only this namespace [default: the entity''s backstage.io/kubernetes-namespace, else the cluster''s namespace, else all]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Read only this namespace [default: the entity''s backstage.io/kubernetes-namespace, else the cluster''s namespace, else all]')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'How often --watch reads')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long connecting to a cluster and each request may take')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Keep reading until interrupted: redrawn in place on a terminal, a new snapshot per change elsewhere')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Keep reading until interrupted: redrawn in place on a terminal, a new snapshot per change elsewhere')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;templates' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the templates plat can run (same as `plat new --list`)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the templates plat can run (same as `plat new --list`)')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Render a skeleton directory with values, as fetch:template does')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plat;templates;ls' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;templates;list' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;templates;render' {
            [CompletionResult]::new('--values', '--values', [CompletionResultType]::ParameterName, 'The values, as `${{ values.x }}` (YAML or JSON mapping)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to write; must not exist or be empty unless --force')
            [CompletionResult]::new('--copy-without-templating', '--copy-without-templating', [CompletionResultType]::ParameterName, 'Copy matching files without rendering their contents (repeatable)')
            [CompletionResult]::new('--copy-without-render', '--copy-without-render', [CompletionResultType]::ParameterName, 'Copy matching files and names without rendering anything (repeatable)')
            [CompletionResult]::new('--template-extension', '--template-extension', [CompletionResultType]::ParameterName, 'Render only files with this extension, which is removed (e.g. .njk)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Write into a non-empty directory, replacing files with the same name')
            [CompletionResult]::new('--cookiecutter', '--cookiecutter', [CompletionResultType]::ParameterName, '`{{ cookiecutter.x }}` syntax instead of `${{ values.x }}`')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;templates;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the templates plat can run (same as `plat new --list`)')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Render a skeleton directory with values, as fetch:template does')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plat;templates;help;ls' {
            break
        }
        'plat;templates;help;render' {
            break
        }
        'plat;templates;help;help' {
            break
        }
        'plat;update' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Update to this branch, tag or commit of the template''s repository [default: the recorded branch, else the default branch]')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'A parameter value (new parameters, or a changed one; repeatable)')
            [CompletionResult]::new('--values', '--values', [CompletionResultType]::ParameterName, 'Parameter values from a YAML or JSON file')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A secret for ${{ secrets.KEY }} (repeatable; also PLAT_SECRET_<KEY>)')
            [CompletionResult]::new('--conflict', '--conflict', [CompletionResultType]::ParameterName, 'How a file both sides changed is written when the changes overlap')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'With --all: only this owner''s entities (a group by default, e.g. payments or group:payments)')
            [CompletionResult]::new('--adopt', '--adopt', [CompletionResultType]::ParameterName, 'Record TEMPLATE (and the --set values) as the base of a project plat did not make; no other file changes')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Read this location instead of the configured ones: a path, a URL, or backstage:URL for a Backstage server (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what each file would become, with unified diffs; write nothing')
            [CompletionResult]::new('--allow-dirty', '--allow-dirty', [CompletionResultType]::ParameterName, 'Update even though git reports uncommitted changes')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Exit 1 when a newer template version exists (changes nothing)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'List the catalog''s entities that are behind their template (with --dry-run)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only what the HTTP cache holds; say which locations are missing')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate every cached remote file now, even fresh ones (and fetch git template repositories again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;completions' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if plat was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of searching for plat.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR always turns it off)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (also when stdin is not a terminal, or CI is set)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what plat does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plat;help' {
            [CompletionResult]::new('catalog', 'catalog', [CompletionResultType]::ParameterValue, 'Read, search and validate the software catalog')
            [CompletionResult]::new('deployments', 'deployments', [CompletionResultType]::ParameterValue, 'A service''s recent deployments: who, the changes each shipped, lead time')
            [CompletionResult]::new('deps', 'deps', [CompletionResultType]::ParameterValue, 'Dependencies, dependents and impact of an entity; --check for the catalog')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'Where an entity''s TechDocs are; check, build or serve them')
            [CompletionResult]::new('dora', 'dora', [CompletionResultType]::ParameterValue, 'DORA metrics of a service, an owner''s services, or all, from git, records, GitHub and PagerDuty')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Preview environments on Kubernetes, one namespace per pull request')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a project from a software template (Backstage template.yaml)')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'The CI runs (GitHub Actions) of an entity''s repository; --run ID for one run''s jobs')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'What runs on Kubernetes for an entity, in every configured cluster (exit 0 healthy, 1 degraded, 2 error)')
            [CompletionResult]::new('templates', 'templates', [CompletionResultType]::ParameterValue, 'List templates, or render a skeleton directory with values')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Bring a project made by `plat new` up to its template''s newer version (three-way merge)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plat;help;catalog' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List entities, with Backstage''s filters')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one entity with its relations')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check catalog files as Backstage would, and more (the CI linter)')
            break
        }
        'plat;help;catalog;ls' {
            break
        }
        'plat;help;catalog;get' {
            break
        }
        'plat;help;catalog;validate' {
            break
        }
        'plat;help;deployments' {
            break
        }
        'plat;help;deps' {
            break
        }
        'plat;help;docs' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the docs: mkdocs.yml, nav, links and images (exit 1 on errors)')
            [CompletionResult]::new('build', 'build', [CompletionResultType]::ParameterValue, 'Build the site with mkdocs into a new directory')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the site with `mkdocs serve`, rebuilt on every change')
            break
        }
        'plat;help;docs;check' {
            break
        }
        'plat;help;docs;build' {
            break
        }
        'plat;help;docs;serve' {
            break
        }
        'plat;help;dora' {
            break
        }
        'plat;help;env' {
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Create or update the preview environment of a pull request')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List preview environments')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Delete a preview environment')
            [CompletionResult]::new('extend', 'extend', [CompletionResultType]::ParameterValue, 'Move a preview environment''s expiry to now + --ttl')
            [CompletionResult]::new('gc', 'gc', [CompletionResultType]::ParameterValue, 'Delete every expired preview environment (for a cron job)')
            break
        }
        'plat;help;env;up' {
            break
        }
        'plat;help;env;ls' {
            break
        }
        'plat;help;env;down' {
            break
        }
        'plat;help;env;extend' {
            break
        }
        'plat;help;env;gc' {
            break
        }
        'plat;help;new' {
            break
        }
        'plat;help;runs' {
            break
        }
        'plat;help;status' {
            break
        }
        'plat;help;templates' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the templates plat can run (same as `plat new --list`)')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Render a skeleton directory with values, as fetch:template does')
            break
        }
        'plat;help;templates;ls' {
            break
        }
        'plat;help;templates;render' {
            break
        }
        'plat;help;update' {
            break
        }
        'plat;help;completions' {
            break
        }
        'plat;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
