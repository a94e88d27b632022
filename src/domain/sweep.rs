//! Listing every secret in parallel without ever doing worse than the
//! plain listing: a sweep of the name space by "walkers", each a chain of
//! ListSecrets pages sorted by name (SortBy=name), upwards or downwards,
//! over a set of name prefixes.
//!
//! It starts as the plain listing does: one walker, upwards, over every
//! name. Only as pages show the account is large does it add walkers, and
//! never more than a quarter of the pages seen so far (each walker costs
//! about one call beyond the data: its first or its last, partial page), so
//! that the calls stay within 1.3× the plain listing's. The first addition
//! walks down from the top, so the two meet in the middle; later ones take
//! a run of name prefixes out of the gap between two walkers ("carving"),
//! each such piece walked on its own. Whichever walker reaches a stretch of
//! names first covers it; a walker stops when its stretch is covered. No
//! call proves a prefix empty one character at a time: the walkers' own
//! pages say where names are.
//!
//! This relies on SortBy=name ordering names by their bytes; a walker's
//! page that is out of that order is reported (`OutOfOrder`) so that the
//! caller can list again page by page.
//!
//! Pure: the caller sends the requests and hands back the pages.

/// Every character a secret name may hold, in byte order.
pub const NAME_CHARS: &[u8] =
    b"+-./0123456789=@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

/// Values one ListSecrets filter takes.
pub const VALUES_PER_FILTER: usize = 10;

/// Walkers added per page seen (each costs about one extra call).
pub const BUDGET: f64 = 0.25;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Up,
    Down,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walker {
    pub dir: Dir,
    /// Name prefixes it lists (one ListSecrets filter); none: every name.
    pub prefixes: Vec<String>,
    token: Option<String>,
    /// The last name it returned (within its prefixes).
    pos: Option<String>,
    in_flight: bool,
    /// No NextToken: everything its prefixes hold, from its start, is seen.
    exhausted: bool,
    pub pages: usize,
}

impl Walker {
    fn new(dir: Dir, prefixes: Vec<String>) -> Walker {
        Walker {
            dir,
            prefixes,
            token: None,
            pos: None,
            in_flight: false,
            exhausted: false,
            pages: 0,
        }
    }

    fn matches(&self, name: &str) -> bool {
        self.prefixes.is_empty() || self.prefixes.iter().any(|p| name.starts_with(p.as_str()))
    }
}

/// A stretch of the name space, `[lo, hi)` (None: unbounded), and the
/// walkers covering it: one from each end at most.
#[derive(Debug, Clone)]
struct Segment {
    lo: Option<String>,
    hi: Option<String>,
    /// The prefixes that make exactly this stretch (none: every name), so
    /// that a walker can start at its top; None once it was cut.
    exact: Option<Vec<String>>,
    up: Option<usize>,
    down: Option<usize>,
}

/// One ListSecrets call to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub walker: usize,
    pub dir: Dir,
    pub prefixes: Vec<String>,
    pub token: Option<String>,
}

/// A page broke the name order the sweep relies on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfOrder {
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone)]
pub struct Sweep {
    walkers: Vec<Walker>,
    segments: Vec<Segment>,
    pages: usize,
    concurrency: usize,
}

impl Sweep {
    /// One walker, upwards over every name: the plain listing.
    pub fn new(concurrency: usize) -> Sweep {
        Sweep {
            walkers: vec![Walker::new(Dir::Up, Vec::new())],
            segments: vec![Segment {
                lo: None,
                hi: None,
                exact: Some(Vec::new()),
                up: Some(0),
                down: None,
            }],
            pages: 0,
            concurrency: concurrency.max(1),
        }
    }

    pub fn walkers(&self) -> &[Walker] {
        &self.walkers
    }

    /// Every stretch is covered: the listing is complete.
    pub fn done(&self) -> bool {
        (0..self.segments.len()).all(|s| self.covered(s))
    }

    /// The calls to make now: each walker still needed and not waiting.
    pub fn ready(&mut self) -> Vec<Request> {
        let mut out = Vec::new();
        for s in 0..self.segments.len() {
            if self.covered(s) {
                continue;
            }
            let seg = &self.segments[s];
            for w in [seg.up, seg.down].into_iter().flatten() {
                let walker = &mut self.walkers[w];
                if walker.in_flight || walker.exhausted {
                    continue;
                }
                walker.in_flight = true;
                out.push(Request {
                    walker: w,
                    dir: walker.dir,
                    prefixes: walker.prefixes.clone(),
                    token: walker.token.clone(),
                });
            }
        }
        out
    }

    /// Hand back a walker's page: the names it returned, in order, and its
    /// NextToken. Names outside its prefixes (AWS may answer a superset)
    /// do not move it.
    pub fn answer(
        &mut self,
        walker: usize,
        names: &[&str],
        next_token: Option<String>,
    ) -> Result<(), OutOfOrder> {
        let w = &mut self.walkers[walker];
        w.in_flight = false;
        w.pages += 1;
        self.pages += 1;
        let dir = w.dir;
        let mut last = w.pos.clone();
        for name in names.iter().filter(|n| w.matches(n)) {
            if let Some(before) = &last {
                let ordered = match dir {
                    Dir::Up => before.as_str() < *name,
                    Dir::Down => before.as_str() > *name,
                };
                if !ordered {
                    return Err(OutOfOrder {
                        before: before.clone(),
                        after: name.to_string(),
                    });
                }
            }
            last = Some(name.to_string());
        }
        w.pos = last;
        w.exhausted = next_token.is_none();
        w.token = next_token;
        self.grow();
        Ok(())
    }

    /// Is segment `s` fully seen?
    fn covered(&self, s: usize) -> bool {
        let seg = &self.segments[s];
        let up = seg.up.map(|w| &self.walkers[w]);
        let down = seg.down.map(|w| &self.walkers[w]);
        if let Some(up) = up {
            if up.exhausted {
                return true;
            }
            if let (Some(pos), Some(hi)) = (&up.pos, &seg.hi)
                && pos >= hi
            {
                return true;
            }
        }
        if let Some(down) = down {
            if down.exhausted {
                return true;
            }
            if let (Some(pos), Some(lo)) = (&down.pos, &seg.lo)
                && pos <= lo
            {
                return true;
            }
        }
        matches!((up.and_then(|u| u.pos.as_ref()), down.and_then(|d| d.pos.as_ref())),
            (Some(a), Some(d)) if a >= d)
    }

    /// Walkers that still have pages to fetch.
    fn active(&self) -> usize {
        (0..self.segments.len())
            .filter(|&s| !self.covered(s))
            .map(|s| {
                let seg = &self.segments[s];
                [seg.up, seg.down].into_iter().flatten().count()
            })
            .sum()
    }

    /// Add walkers while the pages seen allow it.
    fn grow(&mut self) {
        loop {
            let allowed = 1 + (BUDGET * self.pages as f64) as usize;
            if self.walkers.len() >= allowed || self.active() >= self.concurrency {
                return;
            }
            if !(self.add_down() || self.carve()) {
                return;
            }
        }
    }

    /// A walker from the top of a stretch that one walker has been paging
    /// up through: the two meet in the middle.
    fn add_down(&mut self) -> bool {
        let candidate = (0..self.segments.len())
            .filter(|&s| !self.covered(s))
            .filter(|&s| {
                let seg = &self.segments[s];
                seg.down.is_none()
                    && seg.exact.is_some()
                    && seg.up.is_some_and(|u| {
                        self.walkers[u].pages >= 1 && self.walkers[u].token.is_some()
                    })
            })
            .max_by_key(|&s| self.segments[s].up.map_or(0, |u| self.walkers[u].pages));
        let Some(s) = candidate else {
            return false;
        };
        let prefixes = self.segments[s].exact.clone().unwrap_or_default();
        self.walkers.push(Walker::new(Dir::Down, prefixes));
        self.segments[s].down = Some(self.walkers.len() - 1);
        true
    }

    /// Take a run of prefixes out of the unseen middle of the busiest
    /// stretch and give it a walker of its own.
    fn carve(&mut self) -> bool {
        let mut order: Vec<usize> = (0..self.segments.len())
            .filter(|&s| !self.covered(s))
            .collect();
        let pages = |seg: &Segment| -> usize {
            [seg.up, seg.down]
                .into_iter()
                .flatten()
                .map(|w| self.walkers[w].pages)
                .sum()
        };
        order.sort_by_key(|&s| std::cmp::Reverse(pages(&self.segments[s])));
        for s in order {
            if let Some(piece) = self.piece_of(s) {
                self.split(s, piece);
                return true;
            }
        }
        false
    }

    /// The piece to carve out of segment `s`, if its gap allows one.
    fn piece_of(&self, s: usize) -> Option<Piece> {
        let seg = &self.segments[s];
        let pos = |w: Option<usize>| w.and_then(|w| self.walkers[w].pos.clone());
        // Where the unseen middle starts and ends: a walker's position,
        // else (not answered yet) the stretch's own bound.
        let a = pos(seg.up).or_else(|| seg.lo.clone());
        let d = pos(seg.down).or_else(|| seg.hi.clone());
        match (seg.up.is_some(), seg.down.is_some()) {
            // Both ends walked: anywhere between them.
            (true, true) => between(a.as_deref()?, d.as_deref()),
            // Walked up only: a piece that ends where the stretch ends.
            (true, false) => below(a.as_deref()?, seg.hi.as_deref()?),
            // Walked down only: a piece that starts where the stretch starts.
            (false, true) => above(seg.lo.as_deref()?, d.as_deref()?),
            (false, false) => None,
        }
    }

    /// Cut segment `s` around `piece`: the walker from below keeps what is
    /// under the piece, the one from above what is over it.
    fn split(&mut self, s: usize, piece: Piece) {
        self.walkers
            .push(Walker::new(Dir::Up, piece.prefixes.clone()));
        let walker = self.walkers.len() - 1;
        let seg = self.segments[s].clone();
        let new = Segment {
            lo: Some(piece.start.clone()),
            hi: piece.end.clone(),
            exact: Some(piece.prefixes),
            up: Some(walker),
            down: None,
        };
        let mut parts = Vec::new();
        if seg.up.is_some() {
            parts.push(Segment {
                lo: seg.lo.clone(),
                hi: Some(piece.start),
                exact: None,
                up: seg.up,
                down: None,
            });
        }
        parts.push(new);
        if seg.down.is_some() {
            parts.push(Segment {
                lo: piece.end,
                hi: seg.hi,
                exact: None,
                up: None,
                down: seg.down,
            });
        }
        self.segments.splice(s..=s, parts);
    }
}

/// A run of sibling prefixes: names in `[start, end)` (None: no end).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    prefixes: Vec<String>,
    start: String,
    end: Option<String>,
}

fn index(b: u8) -> Option<usize> {
    NAME_CHARS.iter().position(|&c| c == b)
}

/// `base` + the characters `run` (indices into NAME_CHARS), as a piece.
fn piece(base: &str, run: std::ops::Range<usize>) -> Piece {
    let prefixes: Vec<String> = run
        .clone()
        .map(|i| format!("{base}{}", NAME_CHARS[i] as char))
        .collect();
    let start = prefixes[0].clone();
    let end = match NAME_CHARS.get(run.end) {
        Some(&next) => Some(format!("{base}{}", next as char)),
        None => successor(base),
    };
    Piece {
        prefixes,
        start,
        end,
    }
}

/// The first name after every name starting with `prefix` (None: none).
fn successor(prefix: &str) -> Option<String> {
    let mut bytes = prefix.as_bytes().to_vec();
    while let Some(last) = bytes.pop() {
        if let Some(next) = index(last).and_then(|i| NAME_CHARS.get(i + 1)) {
            bytes.push(*next);
            return String::from_utf8(bytes).ok();
        }
    }
    None
}

/// At most ten indices from `lo..hi`, around its middle.
fn middle(lo: usize, hi: usize) -> Option<std::ops::Range<usize>> {
    if lo >= hi {
        return None;
    }
    let len = (hi - lo).min(VALUES_PER_FILTER);
    let start = lo + (hi - lo - len) / 2;
    Some(start..start + len)
}

/// A piece strictly above `a` and entirely below `d` (None: no bound).
fn between(a: &str, d: Option<&str>) -> Option<Piece> {
    let (a_bytes, d_bytes) = (a.as_bytes(), d.map(str::as_bytes));
    let k = match d_bytes {
        Some(d) => a_bytes.iter().zip(d).take_while(|(x, y)| x == y).count(),
        None => 0,
    };
    // At the first differing character: what lies strictly between.
    let low = match a_bytes.get(k) {
        Some(&c) => index(c)? + 1,
        None => 0,
    };
    let high = match d_bytes.and_then(|d| d.get(k)) {
        Some(&c) => index(c)?,
        None => NAME_CHARS.len(),
    };
    if let Some(run) = middle(low, high) {
        return Some(piece(&a[..k], run));
    }
    // Nothing between: go down a's side, where everything above a still
    // lies below d.
    let mut depth = k + 1;
    while depth <= a_bytes.len() && depth < crate::domain::rules::MAX_NAME_LEN {
        let low = match a_bytes.get(depth) {
            Some(&c) => index(c)? + 1,
            None => 0,
        };
        if let Some(run) = middle(low, NAME_CHARS.len()) {
            return Some(piece(&a[..depth], run));
        }
        depth += 1;
    }
    None
}

/// A piece above `a` that ends exactly at `hi` (a prefix + one character).
fn below(a: &str, hi: &str) -> Option<Piece> {
    let (base, last) = hi.split_at(hi.len().checked_sub(1)?);
    let top = index(*last.as_bytes().first()?)?;
    let low = if a.starts_with(base) {
        match a.as_bytes().get(base.len()) {
            Some(&c) => index(c)? + 1,
            None => 0,
        }
    } else if a < base {
        0
    } else {
        return None;
    };
    if low >= top {
        return None;
    }
    let start = top.saturating_sub(VALUES_PER_FILTER).max(low);
    Some(piece(base, start..top))
}

/// A piece that starts exactly at `lo` (a prefix + one character) and
/// lies entirely below `d`.
fn above(lo: &str, d: &str) -> Option<Piece> {
    let (base, first) = lo.split_at(lo.len().checked_sub(1)?);
    let bottom = index(*first.as_bytes().first()?)?;
    let high = if d.starts_with(base) {
        index(*d.as_bytes().get(base.len())?)?
    } else if d > base {
        NAME_CHARS.len()
    } else {
        return None;
    };
    if bottom >= high {
        return None;
    }
    let end = (bottom + VALUES_PER_FILTER).min(high);
    Some(piece(base, bottom..end))
}

#[cfg(test)]
#[path = "sweep_tests.rs"]
mod tests;
