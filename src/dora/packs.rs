//! Commit headers read straight from git's pack files: the pack index
//! finds the object, and only the start of it is inflated, up to the
//! author line, which is all dora needs of a commit. libgit2 inflates a
//! whole object, allocates and caches it; this reads a few hundred bytes.
//! Objects it does not find this way (loose, deltified, in alternates) are
//! left to libgit2.

use std::fs::File;
use std::path::Path;

use flate2::{Decompress, FlushDecompress, Status};
use git2::Oid;
use memmap2::Mmap;

/// The packs of one repository, mapped.
pub struct Packs {
    packs: Vec<Pack>,
}

struct Pack {
    index: Mmap,
    data: Mmap,
    count: usize,
}

/// Pack object types (`gitformat-pack`).
const OBJ_COMMIT: u8 = 1;

impl Packs {
    /// The packs in `objects/pack`; none when they cannot be read.
    pub fn open(objects: &Path) -> Packs {
        let mut packs = Vec::new();
        let Ok(entries) = std::fs::read_dir(objects.join("pack")) else {
            return Packs { packs };
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "idx")
                && let Some(pack) = Pack::open(&path)
            {
                packs.push(pack);
            }
        }
        Packs { packs }
    }

    /// The bytes of a commit up to and including its author line, when a
    /// pack holds it whole (not as a delta).
    pub fn commit_head(&self, oid: Oid, inflater: &mut Decompress, out: &mut Vec<u8>) -> bool {
        self.packs
            .iter()
            .find_map(|pack| pack.offset(oid).map(|offset| (pack, offset)))
            .is_some_and(|(pack, offset)| pack.commit_head(offset, inflater, out))
    }
}

impl Pack {
    fn open(index_path: &Path) -> Option<Pack> {
        // SAFETY: git writes pack files once and replaces them by renaming;
        // a pack that is deleted while mapped stays readable.
        let index = unsafe { Mmap::map(&File::open(index_path).ok()?) }.ok()?;
        let data =
            unsafe { Mmap::map(&File::open(index_path.with_extension("pack")).ok()?) }.ok()?;
        // Version 2: magic, version, 256 fan-out entries.
        if index.len() < 8 + 256 * 4 || index[..8] != [0xff, b't', b'O', b'c', 0, 0, 0, 2] {
            return None;
        }
        let count = read_u32(&index, 8 + 255 * 4)? as usize;
        if index.len() < 8 + 256 * 4 + count * (20 + 4 + 4) || data.len() < 12 {
            return None;
        }
        Some(Pack { index, data, count })
    }

    /// Where `oid` starts in the pack.
    fn offset(&self, oid: Oid) -> Option<usize> {
        let id = oid.as_bytes();
        let fanout = |i: usize| read_u32(&self.index, 8 + i * 4).map(|n| n as usize);
        let first = id[0] as usize;
        let mut low = if first == 0 { 0 } else { fanout(first - 1)? };
        let mut high = fanout(first)?;
        let ids = 8 + 256 * 4;
        // Ids differ in their first 8 bytes nearly always: compare those as
        // a number, the rest only on a tie.
        let key = u64::from_be_bytes(id[..8].try_into().ok()?);
        while low < high {
            let mid = (low + high) / 2;
            let at = ids + mid * 20;
            let probe = u64::from_be_bytes(self.index.get(at..at + 8)?.try_into().ok()?);
            let order = probe
                .cmp(&key)
                .then_with(|| self.index[at + 8..at + 20].cmp(&id[8..]));
            match order {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => {
                    let offsets = ids + self.count * (20 + 4);
                    let small = read_u32(&self.index, offsets + mid * 4)?;
                    if small & 0x8000_0000 == 0 {
                        return Some(small as usize);
                    }
                    let large = offsets + self.count * 4 + (small & 0x7fff_ffff) as usize * 8;
                    let bytes = self.index.get(large..large + 8)?;
                    return usize::try_from(u64::from_be_bytes(bytes.try_into().ok()?)).ok();
                }
            }
        }
        None
    }

    fn commit_head(&self, offset: usize, inflater: &mut Decompress, out: &mut Vec<u8>) -> bool {
        // The entry header: type in bits 4-6 of the first byte, then the
        // size in little-endian groups of 7 bits.
        let Some(mut byte) = self.data.get(offset).copied() else {
            return false;
        };
        if (byte >> 4) & 0b111 != OBJ_COMMIT {
            return false; // a delta: libgit2 resolves those
        }
        let mut at = offset + 1;
        while byte & 0x80 != 0 {
            let Some(next) = self.data.get(at).copied() else {
                return false;
            };
            byte = next;
            at += 1;
        }
        inflater.reset(true);
        out.clear();
        let input = &self.data[at..];
        loop {
            out.reserve(256);
            let read = inflater.total_in() as usize;
            let Ok(status) = inflater.decompress_vec(&input[read..], out, FlushDecompress::None)
            else {
                return false;
            };
            if has_author_line(out) {
                return true;
            }
            let progressed = inflater.total_in() as usize > read;
            if status == Status::StreamEnd || status == Status::BufError || !progressed {
                return false;
            }
        }
    }
}

/// Whether the inflated start of a commit holds its whole author line.
fn has_author_line(head: &[u8]) -> bool {
    let mut rest = head;
    while let Some(end) = rest.iter().position(|b| *b == b'\n') {
        if rest.starts_with(b"author ") {
            return true;
        }
        if end == 0 {
            return false; // the headers ended
        }
        rest = &rest[end + 1..];
    }
    false
}

fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commits_are_read_from_the_pack_up_to_the_author_line() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let author = git2::Signature::new("A", "a@b", &git2::Time::new(1_700_000_000, 0)).unwrap();
        let tree = repo.treebuilder(None).unwrap().write().unwrap();
        let tree = repo.find_tree(tree).unwrap();
        let message = "x".repeat(5000);
        let oid = repo
            .commit(Some("HEAD"), &author, &author, &message, &tree, &[])
            .unwrap();
        let packs = Packs::open(&repo.path().join("objects"));
        let mut inflater = Decompress::new(true);
        let mut head = Vec::new();
        assert!(!packs.commit_head(oid, &mut inflater, &mut head), "loose");

        let repacked = std::process::Command::new("git")
            .args(["repack", "-a", "-d", "-q"])
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(repacked.success());
        let packs = Packs::open(&repo.path().join("objects"));
        assert!(packs.commit_head(oid, &mut inflater, &mut head));
        let text = String::from_utf8(head.clone()).unwrap();
        assert!(text.starts_with("tree "), "{text}");
        assert!(
            text.contains("\nauthor A <a@b> 1700000000 +0000\n"),
            "{text}"
        );
        assert!(head.len() < 1000, "not the whole message: {}", head.len());
        assert!(
            !packs.commit_head(tree.id(), &mut inflater, &mut head),
            "a tree"
        );
    }

    #[test]
    fn the_author_line_must_be_whole() {
        assert!(has_author_line(b"tree t\nparent p\nauthor A <a> 1 +0000\n"));
        assert!(!has_author_line(b"tree t\nparent p\nauthor A <a> 1 +0"));
        assert!(!has_author_line(b"tree t\n\nauthor in the message\n"));
    }
}
