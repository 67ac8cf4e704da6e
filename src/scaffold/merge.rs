//! One file's three-way merge, the way `git merge-file` does it: the
//! project's file (ours) and the template's new render (theirs) are each
//! diffed against the old render (base) with Myers' algorithm (imara-diff,
//! which ports git's preprocessing and slides hunks as git does), and the
//! two change lists are combined as git's xdiff combines them: changes that
//! overlap or touch conflict unless identical, conflicts are narrowed to the
//! lines that really differ, and conflicts fewer than four lines apart (or
//! apart only by lines without a letter or digit) are joined. Keeping git's
//! rules means a user who knows `git merge` reads the same markers.

use gix_imara_diff::{Algorithm, Diff, InternedInput};

/// Names written after the conflict markers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// The project's side (`<<<<<<< ours`).
    pub ours: String,
    /// The template's new version (`>>>>>>> theirs`).
    pub theirs: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merged {
    Clean(Vec<u8>),
    Conflicted { content: Vec<u8>, conflicts: usize },
}

impl Merged {
    pub fn content(&self) -> &[u8] {
        match self {
            Merged::Clean(content) | Merged::Conflicted { content, .. } => content,
        }
    }

    pub fn conflicts(&self) -> usize {
        match self {
            Merged::Clean(_) => 0,
            Merged::Conflicted { conflicts, .. } => *conflicts,
        }
    }
}

/// The user's file with the template's changes that merged cleanly, and
/// the template's changes that did not, as a unified diff of the old render
/// against the new (what `patch` writes to a `.rej` file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub content: Vec<u8>,
    /// Empty when every change applied.
    pub rejects: Vec<u8>,
    pub hunks: usize,
}

/// Git's rule for binary content: a NUL byte in the first 8000 bytes.
pub fn is_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8000).any(|&b| b == 0)
}

const MARKER_SIZE: usize = 7;

/// Merges the template's change (base → theirs) into the user's file
/// (ours), writing git's conflict markers where both changed the same lines.
pub fn merge_text(base: &[u8], ours: &[u8], theirs: &[u8], labels: &Labels) -> Merged {
    let files = Files::new(base, ours, theirs);
    let Some(regions) = files.regions(Level::ZealousAlnum) else {
        return files.unchanged_side();
    };
    let mut out = Vec::with_capacity(ours.len().max(theirs.len()));
    let mut next = 0; // the first line of ours not yet written
    let mut conflicts = 0;
    for region in &regions {
        match region.take {
            Take::Same => continue,
            Take::Ours => {}
            Take::Theirs => {
                copy(&mut out, &files.ours[next..region.ours]);
                copy(
                    &mut out,
                    &files.theirs[region.theirs..region.theirs + region.theirs_len],
                );
            }
            Take::Conflict => {
                conflicts += 1;
                let eol: &[u8] = if files.needs_cr(region) {
                    b"\r\n"
                } else {
                    b"\n"
                };
                copy(&mut out, &files.ours[next..region.ours]);
                marker(&mut out, b'<', Some(&labels.ours), eol);
                copy_ending(
                    &mut out,
                    &files.ours[region.ours..region.ours + region.ours_len],
                    eol,
                );
                marker(&mut out, b'=', None, eol);
                copy_ending(
                    &mut out,
                    &files.theirs[region.theirs..region.theirs + region.theirs_len],
                    eol,
                );
                marker(&mut out, b'>', Some(&labels.theirs), eol);
            }
        }
        if region.take == Take::Ours {
            copy(&mut out, &files.ours[next..region.ours + region.ours_len]);
        }
        next = region.ours + region.ours_len;
    }
    copy(&mut out, &files.ours[next..]);
    if conflicts == 0 {
        Merged::Clean(out)
    } else {
        Merged::Conflicted {
            content: out,
            conflicts,
        }
    }
}

/// Merges like [`merge_text`], but where both sides changed the same lines
/// the user's lines are kept and the template's change is returned as a
/// rejected hunk instead of markers. `path` names the file in the hunks'
/// `---`/`+++` lines.
pub fn merge_rejecting(base: &[u8], ours: &[u8], theirs: &[u8], path: &str) -> Rejected {
    let files = Files::new(base, ours, theirs);
    let Some(regions) = files.regions(Level::Eager) else {
        return Rejected {
            content: files.unchanged_side().content().to_vec(),
            rejects: Vec::new(),
            hunks: 0,
        };
    };
    let mut content = Vec::with_capacity(ours.len().max(theirs.len()));
    let mut rejects = Vec::new();
    let mut next = 0;
    let mut hunks = 0;
    for region in &regions {
        match region.take {
            Take::Theirs => {
                copy(&mut content, &files.ours[next..region.ours]);
                copy(
                    &mut content,
                    &files.theirs[region.theirs..region.theirs + region.theirs_len],
                );
            }
            Take::Ours | Take::Same => {
                copy(
                    &mut content,
                    &files.ours[next..region.ours + region.ours_len],
                );
            }
            Take::Conflict => {
                copy(
                    &mut content,
                    &files.ours[next..region.ours + region.ours_len],
                );
                if hunks == 0 {
                    rejects.extend_from_slice(format!("--- a/{path}\n+++ b/{path}\n").as_bytes());
                }
                hunks += 1;
                files.reject_hunk(&mut rejects, region);
            }
        }
        next = region.ours + region.ours_len;
    }
    copy(&mut content, &files.ours[next..]);
    Rejected {
        content,
        rejects,
        hunks,
    }
}

/// How hard conflicts are narrowed (xdiff's merge levels).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    /// Identical changes on both sides are not conflicts.
    Eager,
    /// And conflicts are narrowed and joined as `git merge-file` does.
    ZealousAlnum,
}

/// What a region of the result takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Take {
    Conflict,
    Ours,
    Theirs,
    /// Both sides made the same change: the lines are ours already.
    Same,
}

/// A region of the merge: lines `base..base+base_len` of the base became
/// `ours..ours+ours_len` on our side and `theirs..+theirs_len` on theirs.
#[derive(Debug, Clone, Copy)]
struct Region {
    take: Take,
    base: usize,
    base_len: usize,
    ours: usize,
    ours_len: usize,
    theirs: usize,
    theirs_len: usize,
}

/// One hunk of a two-way diff: `before..before+before_len` was replaced by
/// `after..after+after_len`.
#[derive(Debug, Clone, Copy)]
struct Change {
    before: usize,
    before_len: usize,
    after: usize,
    after_len: usize,
}

struct Files<'a> {
    base: Vec<&'a [u8]>,
    ours: Vec<&'a [u8]>,
    theirs: Vec<&'a [u8]>,
    raw_ours: &'a [u8],
    raw_theirs: &'a [u8],
}

impl<'a> Files<'a> {
    fn new(base: &'a [u8], ours: &'a [u8], theirs: &'a [u8]) -> Files<'a> {
        Files {
            base: lines(base),
            ours: lines(ours),
            theirs: lines(theirs),
            raw_ours: ours,
            raw_theirs: theirs,
        }
    }

    /// When one side changed nothing, the other is the result, byte for byte.
    fn unchanged_side(&self) -> Merged {
        if self.base == self.ours {
            Merged::Clean(self.raw_theirs.to_vec())
        } else {
            Merged::Clean(self.raw_ours.to_vec())
        }
    }

    /// The merge's regions, or None when one side has no change.
    fn regions(&self, level: Level) -> Option<Vec<Region>> {
        let ours = changes(&self.base, &self.ours);
        let theirs = changes(&self.base, &self.theirs);
        if ours.is_empty() || theirs.is_empty() {
            return None;
        }
        let mut regions = self.combine(&ours, &theirs);
        if level == Level::ZealousAlnum {
            regions = self.narrow(regions);
            self.join_close_conflicts(&mut regions);
        }
        Some(regions)
    }

    /// Walks both change lists in base order; changes that overlap or touch
    /// in the base become one region, a conflict unless identical.
    fn combine(&self, ours: &[Change], theirs: &[Change]) -> Vec<Region> {
        let mut regions: Vec<Span> = Vec::new();
        let (mut a, mut b) = (0, 0);
        while a < ours.len() && b < theirs.len() {
            let (x, y) = (Span::of(ours[a]), Span::of(theirs[b]));
            if x.base_end() < y.base {
                // Only ours changed here; theirs is as the base, shifted.
                let theirs_at = y.ours - y.base + x.base;
                append(&mut regions, x.one_sided(Take::Ours, theirs_at));
                a += 1;
                continue;
            }
            if y.base_end() < x.base {
                let ours_at = x.ours - x.base + y.base;
                append(&mut regions, y.one_sided(Take::Theirs, ours_at));
                b += 1;
                continue;
            }
            let identical = x.base == y.base
                && x.base_len == y.base_len
                && x.ours_len == y.ours_len
                && self.ours[ours[a].after..ours[a].after + ours[a].after_len]
                    == self.theirs[theirs[b].after..theirs[b].after + theirs[b].after_len];
            if !identical {
                // The conflict spans both changes: each side's range grows
                // by the base lines the other side's change covers.
                let off = x.base - y.base;
                let ffo = off + x.base_len - y.base_len;
                let (mut base, mut our, mut their) = (x.base, x.ours, y.ours);
                if off > 0 {
                    base -= off;
                    our -= off;
                } else {
                    their += off;
                }
                let mut base_len = x.base_end() - base;
                let mut our_len = x.ours + x.ours_len - our;
                let mut their_len = y.ours + y.ours_len - their;
                if ffo < 0 {
                    base_len -= ffo;
                    our_len -= ffo;
                } else {
                    their_len += ffo;
                }
                append(
                    &mut regions,
                    Span {
                        take: Take::Conflict,
                        base,
                        base_len,
                        ours: our,
                        ours_len: our_len,
                        theirs: their,
                        theirs_len: their_len,
                    },
                );
            }
            if x.base_end() >= y.base_end() {
                b += 1;
            }
            if y.base_end() >= x.base_end() {
                a += 1;
            }
        }
        let theirs_shift = self.theirs.len() as isize - self.base.len() as isize;
        for x in ours[a..].iter().map(|c| Span::of(*c)) {
            append(&mut regions, x.one_sided(Take::Ours, x.base + theirs_shift));
        }
        let ours_shift = self.ours.len() as isize - self.base.len() as isize;
        for y in theirs[b..].iter().map(|c| Span::of(*c)) {
            append(&mut regions, y.one_sided(Take::Theirs, y.base + ours_shift));
        }
        regions.into_iter().map(Span::region).collect()
    }

    /// Diffs our lines against theirs inside each conflict, so that only
    /// the lines that differ stay in conflict.
    fn narrow(&self, regions: Vec<Region>) -> Vec<Region> {
        let mut narrowed = Vec::with_capacity(regions.len());
        for region in regions {
            if region.take != Take::Conflict || region.ours_len == 0 || region.theirs_len == 0 {
                narrowed.push(region);
                continue;
            }
            let inner = changes(
                &self.ours[region.ours..region.ours + region.ours_len],
                &self.theirs[region.theirs..region.theirs + region.theirs_len],
            );
            if inner.is_empty() {
                narrowed.push(Region {
                    take: Take::Same,
                    ..region
                });
                continue;
            }
            for change in inner {
                narrowed.push(Region {
                    ours: region.ours + change.before,
                    ours_len: change.before_len,
                    theirs: region.theirs + change.after,
                    theirs_len: change.after_len,
                    ..region
                });
            }
        }
        narrowed
    }

    /// Two conflicts separated by at most three lines, or by lines with no
    /// letter or digit, read better as one.
    fn join_close_conflicts(&self, regions: &mut Vec<Region>) {
        let mut i = 0;
        while i + 1 < regions.len() {
            let (first, second) = (regions[i], regions[i + 1]);
            let begin = first.ours + first.ours_len;
            let end = second.ours;
            let keep_apart = first.take != Take::Conflict
                || second.take != Take::Conflict
                || (end - begin > 3
                    && self.ours[begin..end]
                        .iter()
                        .any(|line| line.iter().any(u8::is_ascii_alphanumeric)));
            if keep_apart {
                i += 1;
            } else {
                regions[i].ours_len = second.ours + second.ours_len - first.ours;
                regions[i].theirs_len = second.theirs + second.theirs_len - first.theirs;
                regions.remove(i + 1);
            }
        }
    }

    /// Whether a conflict's markers end in CRLF: when the lines before it
    /// on both sides (or the first lines) do, and the base's first line
    /// does not say otherwise.
    fn needs_cr(&self, region: &Region) -> bool {
        let mut crlf = ends_in_crlf(&self.ours, region.ours.saturating_sub(1));
        if crlf != Some(false) {
            crlf = ends_in_crlf(&self.theirs, region.theirs.saturating_sub(1));
        }
        if crlf != Some(false) {
            crlf = ends_in_crlf(&self.base, 0);
        }
        crlf == Some(true)
    }

    /// The template's change in a conflicting region as a unified-diff hunk
    /// (old render → new render) with up to three base lines of context.
    fn reject_hunk(&self, out: &mut Vec<u8>, region: &Region) {
        const CONTEXT: usize = 3;
        let before = region.base.saturating_sub(CONTEXT);
        let after = (region.base + region.base_len + CONTEXT).min(self.base.len());
        let lead = region.base - before;
        let trail = after - region.base - region.base_len;
        let old_len = after - before;
        let new_len = lead + region.theirs_len + trail;
        let start = |first: usize, len: usize| if len == 0 { first } else { first + 1 };
        out.extend_from_slice(
            format!(
                "@@ -{},{} +{},{} @@\n",
                start(before, old_len),
                old_len,
                start(region.theirs - lead, new_len),
                new_len
            )
            .as_bytes(),
        );
        for line in &self.base[before..region.base] {
            diff_line(out, b' ', line);
        }
        for line in &self.base[region.base..region.base + region.base_len] {
            diff_line(out, b'-', line);
        }
        for line in &self.theirs[region.theirs..region.theirs + region.theirs_len] {
            diff_line(out, b'+', line);
        }
        for line in &self.base[region.base + region.base_len..after] {
            diff_line(out, b' ', line);
        }
    }
}

/// A region while the two change lists are combined: signed, as a start
/// computed on one side may lie before 0 until it is folded into the
/// region before it. (For a [`Change`], `ours` is its after side.)
#[derive(Debug, Clone, Copy)]
struct Span {
    take: Take,
    base: isize,
    base_len: isize,
    ours: isize,
    ours_len: isize,
    theirs: isize,
    theirs_len: isize,
}

impl Span {
    fn of(change: Change) -> Span {
        Span {
            take: Take::Ours,
            base: change.before as isize,
            base_len: change.before_len as isize,
            ours: change.after as isize,
            ours_len: change.after_len as isize,
            theirs: 0,
            theirs_len: 0,
        }
    }

    /// A change (made by the side `take` names) as a region: the other
    /// side is as the base there, at `other_at`.
    fn one_sided(self, take: Take, other_at: isize) -> Span {
        let (changed, changed_len) = (self.ours, self.ours_len);
        let (ours, ours_len, theirs, theirs_len) = match take {
            Take::Ours => (changed, changed_len, other_at, self.base_len),
            _ => (other_at, self.base_len, changed, changed_len),
        };
        Span {
            take,
            ours,
            ours_len,
            theirs,
            theirs_len,
            ..self
        }
    }

    fn base_end(&self) -> isize {
        self.base + self.base_len
    }

    fn region(self) -> Region {
        let at = |n: isize| usize::try_from(n).unwrap_or(0);
        Region {
            take: self.take,
            base: at(self.base),
            base_len: at(self.base_len),
            ours: at(self.ours),
            ours_len: at(self.ours_len),
            theirs: at(self.theirs),
            theirs_len: at(self.theirs_len),
        }
    }
}

/// Adds a region, folding it into the previous one when they touch (a
/// fold of different kinds is a conflict).
fn append(regions: &mut Vec<Span>, span: Span) {
    let touches = |last: &Span| {
        span.ours <= last.ours + last.ours_len || span.theirs <= last.theirs + last.theirs_len
    };
    match regions.last_mut().filter(|last| touches(last)) {
        Some(last) => {
            if span.take != last.take {
                last.take = Take::Conflict;
            }
            last.base_len = span.base + span.base_len - last.base;
            last.ours_len = span.ours + span.ours_len - last.ours;
            last.theirs_len = span.theirs + span.theirs_len - last.theirs;
        }
        None => regions.push(span),
    }
}

/// How much of `a` survives in `b`: the bytes of the lines they share over
/// the larger size, 0.0 to 1.0 (git calls a path gone and a new one a
/// rename from 0.5).
pub fn similarity(a: &[u8], b: &[u8]) -> f64 {
    if a == b {
        return 1.0;
    }
    let (before, after) = (lines(a), lines(b));
    let mut removed = vec![false; before.len()];
    for change in changes(&before, &after) {
        removed[change.before..change.before + change.before_len].fill(true);
    }
    let kept: usize = before
        .iter()
        .zip(&removed)
        .filter(|(_, removed)| !**removed)
        .map(|(line, _)| line.len())
        .sum();
    kept as f64 / a.len().max(b.len()) as f64
}

/// Lines with their endings; the last may have none.
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    gix_imara_diff::sources::byte_lines(bytes).collect()
}

/// Myers' diff with git's hunk sliding (no indent heuristic: `git
/// merge-file` uses none).
fn changes(before: &[&[u8]], after: &[&[u8]]) -> Vec<Change> {
    let mut input = InternedInput::default();
    input.update_before(before.iter().copied());
    input.update_after(after.iter().copied());
    let mut diff = Diff::compute(Algorithm::Myers, &input);
    diff.postprocess_no_heuristic(&input);
    diff.hunks()
        .map(|hunk| Change {
            before: hunk.before.start as usize,
            before_len: hunk.before.len(),
            after: hunk.after.start as usize,
            after_len: hunk.after.len(),
        })
        .collect()
}

/// Whether line `i` ends in CRLF; the last line, when it has no newline,
/// goes by the line before it; None when nothing tells.
fn ends_in_crlf(lines: &[&[u8]], i: usize) -> Option<bool> {
    let crlf = |line: &[u8]| line.len() > 1 && line[line.len() - 2] == b'\r';
    if lines.is_empty() {
        return None;
    }
    if i + 1 < lines.len() || lines[i].ends_with(b"\n") {
        return Some(crlf(lines[i]));
    }
    if i == 0 {
        return None;
    }
    Some(crlf(lines[i - 1]))
}

fn copy(out: &mut Vec<u8>, lines: &[&[u8]]) {
    for line in lines {
        out.extend_from_slice(line);
    }
}

/// Copies the lines of one side of a conflict, ending the last with `eol`
/// when it has no newline, so that the marker after it starts a line.
fn copy_ending(out: &mut Vec<u8>, lines: &[&[u8]], eol: &[u8]) {
    copy(out, lines);
    if lines.last().is_some_and(|last| !last.ends_with(b"\n")) {
        out.extend_from_slice(eol);
    }
}

fn marker(out: &mut Vec<u8>, mark: u8, label: Option<&str>, eol: &[u8]) {
    out.extend(std::iter::repeat_n(mark, MARKER_SIZE));
    if let Some(label) = label {
        out.push(b' ');
        out.extend_from_slice(label.as_bytes());
    }
    out.extend_from_slice(eol);
}

fn diff_line(out: &mut Vec<u8>, sign: u8, line: &[u8]) {
    out.push(sign);
    out.extend_from_slice(line);
    if !line.ends_with(b"\n") {
        out.extend_from_slice(b"\n\\ No newline at end of file\n");
    }
}
