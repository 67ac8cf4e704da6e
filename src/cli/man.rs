//! Man pages, one per command, rendered by clap_mangen with plat's own
//! SYNOPSIS: clap_mangen (0.3) leaves option values out of it (`[-C ]`
//! for `-C <DIR>`), so plat writes that section, in the syntax of clap's
//! usage line.

use std::path::PathBuf;

use clap::{Arg, ArgAction};
use roff::{Inline, Roff, bold, italic, roman};

/// `man/<name>.1` for `cmd` (built) and each of its subcommands.
pub fn pages(cmd: &clap::Command, name: &str, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone().name(name.to_string()))
        .render(&mut page)
        .expect("writing to memory cannot fail");
    let page = String::from_utf8(page).expect("clap_mangen writes UTF-8");
    let page = replace_section(&page, "SYNOPSIS", &synopsis(cmd));
    files.push((
        PathBuf::from("man").join(format!("{name}.1")),
        page.into_bytes(),
    ));
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        pages(sub, &format!("{name}-{}", sub.get_name()), files);
    }
}

/// The page with the body of section `.SH NAME` replaced by `body`.
fn replace_section(page: &str, name: &str, body: &str) -> String {
    let heading = format!(".SH {name}\n");
    let Some(start) = page.find(&heading).map(|i| i + heading.len()) else {
        return page.to_string();
    };
    let end = page[start..]
        .find("\n.SH ")
        .map_or(page.len(), |i| start + i + 1);
    format!("{}{body}{}", &page[..start], &page[end..])
}

/// `plat env up [-C <DIR>] ... --pr <PR>`: optional options in brackets,
/// required ones bare, every value named, repeatable ones with `...`, then
/// the positionals and the subcommand, as clap_mangen orders them.
fn synopsis(cmd: &clap::Command) -> String {
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    let mut line = vec![bold(name)];
    let mut options: Vec<&Arg> = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_positional())
        .collect();
    options.sort_by_key(|a| (a.get_display_order(), sort_key(a)));
    // Optional ones first, as clap's usage line has them.
    options.sort_by_key(|a| a.is_required_set());
    for arg in options
        .iter()
        .chain(cmd.get_positionals().collect::<Vec<_>>().iter())
    {
        if arg.is_hide_set() {
            continue;
        }
        line.push(roman(" "));
        let required = arg.is_required_set();
        if !required {
            line.push(roman("["));
        }
        line.extend(usage(arg));
        if !required {
            line.push(roman("]"));
        }
        if repeats(arg) {
            line.push(roman("..."));
        }
    }
    if cmd.has_subcommands() {
        let (open, close) = if cmd.is_subcommand_required_set() {
            ("<", ">")
        } else {
            ("[", "]")
        };
        let what = cmd
            .get_subcommand_value_name()
            .unwrap_or("subcommands")
            .to_lowercase();
        line.extend([roman(" "), roman(open), italic(what), roman(close)]);
    }
    let mut roff = Roff::default();
    roff.text(line);
    roff.to_roff()
}

/// `-o|--format <FORMAT>`, `--pr <PR>`, `<REF>`.
fn usage(arg: &Arg) -> Vec<Inline> {
    if arg.is_positional() {
        let names = value_names(arg);
        return vec![italic(if arg.is_required_set() {
            format!("<{names}>")
        } else {
            names
        })];
    }
    let mut out = Vec::new();
    match (arg.get_short(), arg.get_long()) {
        (Some(short), Some(long)) => out.extend([
            bold(format!("-{short}")),
            roman("|"),
            bold(format!("--{long}")),
        ]),
        (Some(short), None) => out.push(bold(format!("-{short}"))),
        (None, Some(long)) => out.push(bold(format!("--{long}"))),
        (None, None) => {}
    }
    let range = arg.get_num_args().expect("the command is built");
    if range.takes_values() {
        let value = format!("<{}>", value_names(arg));
        match (range.min_values() == 0, arg.is_require_equals_set()) {
            (false, false) => out.extend([roman(" "), italic(value)]),
            (false, true) => out.extend([roman("="), italic(value)]),
            (true, _) => out.extend([roman("[="), italic(value), roman("]")]),
        }
    }
    out
}

fn value_names(arg: &Arg) -> String {
    arg.get_value_names()
        .map(|names| {
            names
                .iter()
                .map(|n| n.as_str())
                .collect::<Vec<_>>()
                .join("> <")
        })
        .unwrap_or_else(|| arg.get_id().as_str().to_uppercase())
}

fn repeats(arg: &Arg) -> bool {
    matches!(arg.get_action(), ArgAction::Count | ArgAction::Append)
}

/// clap_mangen's order: by the short flag, else the long one.
fn sort_key(arg: &Arg) -> String {
    match (arg.get_short(), arg.get_long()) {
        (Some(short), _) => {
            let rank = if short.is_ascii_lowercase() { '0' } else { '1' };
            format!("{}{rank}", short.to_ascii_lowercase())
        }
        (None, Some(long)) => long.to_string(),
        (None, None) => format!("{{{}", arg.get_id()),
    }
}
