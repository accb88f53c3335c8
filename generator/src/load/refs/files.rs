//! Where the other files of a multi-file description come from. In: a path relative to the
//! spec's folder that `refs` has already normalised (`/`-separated, no `..`, never absolute).
//! Out: the file's text, or why it cannot be read. The generator itself never decides to read
//! the disk: the caller chooses a source (the CLI reads the spec's folder, tests pass a map),
//! and no source reaches the network.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The files a `$ref` may name beside the spec.
pub trait SpecFiles {
    /// The text of `path`, relative to the spec's folder; `Err` says why it cannot be read.
    fn read(&self, path: &str) -> Result<String, String>;
}

/// No other file: every relative `$ref` is reported unresolved (the in-memory default).
pub struct NoFiles;

impl SpecFiles for NoFiles {
    fn read(&self, _path: &str) -> Result<String, String> {
        Err("this run was given the spec's text alone, without its folder".to_owned())
    }
}

/// Documents held in memory, by path relative to the spec's folder (for tests and embedders).
impl SpecFiles for BTreeMap<String, String> {
    fn read(&self, path: &str) -> Result<String, String> {
        self.get(path)
            .cloned()
            .ok_or_else(|| "no such file".to_owned())
    }
}

/// The files of the spec's folder on disk. A path that leaves the folder through a symbolic link
/// is refused like one that leaves it by `..`: a description may not read the rest of the disk.
pub struct FolderFiles {
    root: PathBuf,
}

impl FolderFiles {
    /// The folder that holds the spec (`.` for a spec given by a bare file name).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        FolderFiles { root: root.into() }
    }
}

impl SpecFiles for FolderFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        let root = self.root.canonicalize().map_err(io_reason)?;
        let full = root.join(path).canonicalize().map_err(io_reason)?;
        if !full.starts_with(&root) {
            return Err("it leads outside the spec's folder through a link".to_owned());
        }
        std::fs::read_to_string(&full).map_err(io_reason)
    }
}

/// The common failures in plain words that read the same on every OS (the OS's own text, with
/// its error number, differs between Linux, macOS and Windows); anything rarer as the OS says it.
fn io_reason(err: std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::InvalidData => "it is not UTF-8 text".to_owned(),
        std::io::ErrorKind::IsADirectory => "it is a folder".to_owned(),
        _ => err.to_string(),
    }
}
