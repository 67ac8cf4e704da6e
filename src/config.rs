//! plat.yaml: found in the start directory or its parents (as git finds
//! .git), else `$PLAT_CONFIG`, else `$XDG_CONFIG_HOME/plat/config.yaml`.
//! Paths in it are relative to the file. Unknown keys are errors.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

pub const FILE_NAMES: [&str; 2] = ["plat.yaml", ".plat.yaml"];

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub catalog: CatalogConfig,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CatalogConfig {
    /// Files, directories and globs, relative to the config file.
    #[serde(default)]
    pub locations: Vec<String>,
}

/// The configuration in effect and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file read, if any.
    pub path: Option<PathBuf>,
    /// Paths in the config are relative to this directory; it is also the
    /// catalog root. Without a config file: the start directory.
    pub dir: PathBuf,
    pub config: Config,
}

/// Where to look, so tests and callers need not touch the real environment.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub start_dir: PathBuf,
    /// `--config`.
    pub explicit: Option<PathBuf>,
    /// `$PLAT_CONFIG`.
    pub env_config: Option<PathBuf>,
    /// `$XDG_CONFIG_HOME`, or `~/.config`.
    pub config_home: Option<PathBuf>,
}

impl Search {
    pub fn from_env(start_dir: PathBuf, explicit: Option<PathBuf>) -> Search {
        let non_empty = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Search {
            start_dir,
            explicit,
            env_config: non_empty("PLAT_CONFIG"),
            config_home: non_empty("XDG_CONFIG_HOME")
                .or_else(|| non_empty("HOME").map(|h| h.join(".config"))),
        }
    }

    /// The config file that applies, if any.
    pub fn find(&self) -> Option<PathBuf> {
        if let Some(explicit) = &self.explicit {
            return Some(self.start_dir.join(explicit));
        }
        for dir in self.start_dir.ancestors() {
            for name in FILE_NAMES {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return Some(candidate);
                }
            }
        }
        if let Some(env) = &self.env_config {
            return Some(self.start_dir.join(env));
        }
        self.config_home
            .as_ref()
            .map(|home| home.join("plat").join("config.yaml"))
            .filter(|p| p.is_file())
    }
}

pub fn load(search: &Search) -> Result<Loaded> {
    let Some(path) = search.find() else {
        return Ok(Loaded {
            path: None,
            dir: search.start_dir.clone(),
            config: Config::default(),
        });
    };
    let text = std::fs::read_to_string(&path).map_err(|source| Error::ConfigRead {
        path: path.clone(),
        source,
    })?;
    let config = parse(&text, &path)?;
    let dir = path
        .parent()
        .map_or_else(|| search.start_dir.clone(), Path::to_path_buf);
    Ok(Loaded {
        path: Some(path),
        dir,
        config,
    })
}

pub fn parse(text: &str, path: &Path) -> Result<Config> {
    let only_comments = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#') || l.trim() == "---");
    if only_comments {
        return Ok(Config::default());
    }
    serde_norway::from_str(text).map_err(|error| {
        let (line, column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
        let message = error.to_string();
        // serde_norway appends the position; plat puts it in front instead.
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        Error::ConfigSyntax {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_locations() {
        let c = parse(
            "catalog:\n  locations:\n    - ./a\n    - 'teams/*.yaml'\n",
            Path::new("plat.yaml"),
        )
        .unwrap();
        assert_eq!(c.catalog.locations, ["./a", "teams/*.yaml"]);
    }

    #[test]
    fn empty_config_is_default() {
        assert_eq!(
            parse("# nothing\n", Path::new("p")).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn unknown_keys_name_the_key_and_position() {
        let e = parse("catalog:\n  locatons: []\n", Path::new("plat.yaml")).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("plat.yaml:2:3"), "{text}");
        assert!(text.contains("unknown field `locatons`"), "{text}");
        let e = parse("catalogue: {}\n", Path::new("plat.yaml")).unwrap_err();
        assert!(e.to_string().contains("unknown field `catalogue`"), "{e}");
    }

    #[test]
    fn wrong_types_are_errors() {
        let e = parse("catalog:\n  locations: ./a\n", Path::new("plat.yaml")).unwrap_err();
        assert!(e.to_string().contains("plat.yaml:2:"), "{e}");
    }

    #[test]
    fn search_walks_up_then_env_then_xdg() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("repo/sub/deeper")).unwrap();
        std::fs::write(root.join("repo/.plat.yaml"), "").unwrap();
        std::fs::create_dir_all(root.join("xdg/plat")).unwrap();
        std::fs::write(root.join("xdg/plat/config.yaml"), "").unwrap();
        let mut search = Search {
            start_dir: root.join("repo/sub/deeper"),
            explicit: None,
            env_config: None,
            config_home: Some(root.join("xdg")),
        };
        assert_eq!(search.find(), Some(root.join("repo/.plat.yaml")));
        search.start_dir = root.join("xdg");
        assert_eq!(search.find(), Some(root.join("xdg/plat/config.yaml")));
        search.env_config = Some(root.join("env.yaml"));
        assert_eq!(search.find(), Some(root.join("env.yaml")));
        search.explicit = Some(PathBuf::from("given.yaml"));
        assert_eq!(search.find(), Some(root.join("xdg/given.yaml")));
    }
}
