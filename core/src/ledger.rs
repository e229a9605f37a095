//! Learning from many complaints: repeats, a review for the weekly meeting, a CSV export.
//!
//! A [`Ledger`] keeps a small summary of each complaint added to it, computed once when it is
//! added, never the complaint itself: a few interned ids (customer, category, root cause), the
//! stage and outcome, the first follow-up's result, the times to first response and to close, and
//! the deadlines in compact form (so breaches can be computed for any `now`). Prevention ideas and
//! root-cause examples are aggregated at add time, with a few examples kept per group. Memory is
//! therefore linear in the number of complaints: about 510 bytes each with their ids, deadlines,
//! hash-table entries and spare capacity, measured at 10,000 to 1,000,000 complaints by the
//! `ledger_memory` benchmark. [`Ledger::review`] is one pass over the summaries plus two
//! linear-time selections for the percentiles.
//!
//! The ledger reports on processes, never on people: no output names the staff who handled a
//! case.

use crate::action::{Action, FollowUpResult, Outcome, PreventionSource};
use crate::complaint::Complaint;
use crate::deadline::DeadlineKind;
use crate::error::Error;
use crate::rules::RuleId;
use crate::stage::Stage;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// How many example texts a review keeps per root-cause category or prevention group.
pub const EXAMPLES: usize = 3;

/// Interned strings: each distinct text stored once, referred to by a small number.
#[derive(Debug, Default, Clone)]
struct Interner {
    ids: HashMap<Box<str>, u32>,
    texts: Vec<Box<str>>,
}

impl Interner {
    fn intern(&mut self, text: &str) -> u32 {
        if let Some(id) = self.ids.get(text) {
            return *id;
        }
        let id = self.texts.len() as u32;
        self.texts.push(text.into());
        self.ids.insert(text.into(), id);
        id
    }
    fn get(&self, text: &str) -> Option<u32> {
        self.ids.get(text).copied()
    }
    fn text(&self, id: u32) -> &str {
        &self.texts[id as usize]
    }
}

/// One deadline of a summarised complaint.
#[derive(Debug, Clone, Copy)]
struct DeadlineSummary {
    kind: DeadlineKind,
    due: Timestamp,
    met: Option<Timestamp>,
}

/// What the ledger keeps of one complaint.
#[derive(Debug, Clone)]
struct Summary {
    key: Box<str>,
    customer: u32,
    /// The latest diagnosed category, else the category given at opening.
    category: Option<u32>,
    root_cause: Option<u32>,
    diagnosed: bool,
    opened_at: Timestamp,
    stage: Stage,
    outcome: Option<Outcome>,
    first_follow_up: Option<FollowUpResult>,
    ever_closed: bool,
    reopened: bool,
    first_response_seconds: Option<i64>,
    close_seconds: Option<i64>,
    /// When the case was closed, if it is closed now.
    closed_at: Option<Timestamp>,
    deadlines: Box<[DeadlineSummary]>,
}

/// Prevention ideas of one root-cause category from one source, aggregated at add time.
#[derive(Debug, Default, Clone)]
struct IdeaTally {
    ideas: u64,
    no_idea: u64,
    examples: Vec<Box<str>>,
}

/// Which kind of repeat a warning or a repeat group is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RepeatKind {
    /// The same customer complained again.
    Customer,
    /// The same category (diagnosed root-cause category, or the category given at opening).
    Category,
}

/// A newly added complaint's customer or category was seen before, within the repeat window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepeatWarning {
    /// Customer or category.
    pub kind: RepeatKind,
    /// The customer or the category.
    pub value: String,
    /// How many complaints already in the ledger share it within the window.
    pub seen: u64,
    /// The opening time of the nearest of them.
    pub nearest: Timestamp,
}

/// What [`Ledger::add`] reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Added {
    /// The complaint's key in the ledger: its opening `id`, or `#n` (its 1-based position) when it
    /// has none. Pass it to [`Ledger::record_refusal`].
    pub key: String,
    /// Its customer or category was seen within the window.
    pub warnings: Vec<RepeatWarning>,
}

/// Complaints sharing a customer or a category, and how many of them followed another within the
/// window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepeatGroup {
    /// The customer or the category.
    pub value: String,
    /// How many complaints share it.
    pub complaints: u64,
    /// How many of them were opened within the window after the previous one.
    pub repeats: u64,
}

/// The repeats in the ledger: only groups with at least one repeat, most repeats first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Repeats {
    /// The window, in seconds.
    pub window_seconds: i64,
    /// By customer.
    pub by_customer: Vec<RepeatGroup>,
    /// By category (diagnosed root-cause category, else the category given at opening).
    pub by_category: Vec<RepeatGroup>,
}

/// Results of the first follow-up of each complaint that had one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Satisfaction {
    /// Complaints with at least one follow-up.
    pub followed_up: u64,
    /// The first follow-up found the customer satisfied.
    pub satisfied: u64,
    /// The first follow-up found the customer unsatisfied.
    pub unsatisfied: u64,
    /// The customer could not be reached at the first follow-up.
    pub unreachable: u64,
    /// `satisfied / followed_up`, if any was followed up.
    pub rate: Option<f64>,
}

/// Complaints reopened after a close.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reopens {
    /// Complaints closed at least once.
    pub closed: u64,
    /// Of them, reopened at least once.
    pub reopened: u64,
    /// `reopened / closed`, if any was closed.
    pub rate: Option<f64>,
}

/// The distribution of a time, in whole seconds. Percentiles are nearest-rank: the median of an
/// even count is the lower middle value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timing {
    /// How many complaints got this far.
    pub count: u64,
    /// The median.
    pub median_seconds: Option<i64>,
    /// The 90th percentile.
    pub p90_seconds: Option<i64>,
}

/// One root-cause category and how often it was diagnosed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RootCause {
    /// The category.
    pub category: String,
    /// Complaints whose latest diagnosis has this category.
    pub complaints: u64,
    /// Up to [`EXAMPLES`] distinct root causes, in the order first seen.
    pub examples: Vec<String>,
}

/// Prevention ideas for one root-cause category from one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreventionGroup {
    /// The root-cause category (`undiagnosed` when the complaint has no diagnosis).
    pub category: String,
    /// Who suggested them.
    pub source: PreventionSource,
    /// Prevention events with an idea.
    pub ideas: u64,
    /// Prevention events where the customer was asked and had no idea.
    pub no_idea: u64,
    /// Up to [`EXAMPLES`] distinct ideas, in the order first seen.
    pub examples: Vec<String>,
}

/// A root-cause category that recurs (two complaints or more) with no prevention idea from
/// employees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// The category.
    pub category: String,
    /// How many complaints it caused.
    pub complaints: u64,
}

/// The review of a ledger at a given time: what a weekly review meeting looks at. It reports on
/// processes, never on people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    /// The time the review was made for (breaches are measured up to it).
    pub now: Timestamp,
    /// How many complaints.
    pub complaints: u64,
    /// Complaints by current stage (every stage, in workflow order).
    pub by_stage: BTreeMap<Stage, u64>,
    /// Closed complaints by outcome (every outcome).
    pub by_outcome: BTreeMap<Outcome, u64>,
    /// Satisfaction at the first follow-up.
    pub satisfaction: Satisfaction,
    /// Reopened complaints.
    pub reopens: Reopens,
    /// From opening to the first listen.
    pub first_response: Timing,
    /// From opening to the first close.
    pub close: Timing,
    /// Deadline breaches at `now` by kind (every kind), as [`Complaint::breaches`] lists them.
    pub breaches: BTreeMap<DeadlineKind, u64>,
    /// Refused moves by rule id (only rules that refused something).
    pub refusals: BTreeMap<RuleId, u64>,
    /// Root-cause categories, most complaints first (ties by name).
    pub root_causes: Vec<RootCause>,
    /// Prevention ideas by root-cause category (by name) and source.
    pub prevention: Vec<PreventionGroup>,
    /// Recurring root-cause categories with no employee prevention idea, most complaints first.
    pub flagged: Vec<Flag>,
}

/// A register of complaints that learns from them: repeats, a [`Review`], a CSV export.
///
/// ```
/// use amends::{Complaint, Ledger, Open, Preset, Timestamp};
/// let at: Timestamp = "2026-03-02T09:00:00Z".parse().unwrap();
/// let mut ledger = Ledger::new();
/// let first = Complaint::open(Open::new(at, "tim", "Acme Ltd", "Late").category("delivery"), Preset::Strict.shared())?;
/// let again = Complaint::open(Open::new(at, "tim", "Acme Ltd", "Late again").category("delivery"), Preset::Strict.shared())?;
/// assert!(ledger.add(&first)?.warnings.is_empty());
/// assert_eq!(ledger.add(&again)?.warnings.len(), 2); // same customer, same category
/// let review = ledger.review(at);
/// assert_eq!(review.complaints, 2);
/// # Ok::<(), amends::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Ledger {
    window: SignedDuration,
    summaries: Vec<Summary>,
    keys: HashMap<Box<str>, u32>,
    customers: Interner,
    categories: Interner,
    root_causes: Interner,
    /// Opening times per customer and per category, sorted.
    customer_times: HashMap<u32, Vec<Timestamp>>,
    category_times: HashMap<u32, Vec<Timestamp>>,
    /// Per root-cause category: distinct root causes seen, in order (at most `EXAMPLES`).
    cause_examples: HashMap<u32, Vec<u32>>,
    /// Per (category or `None` for undiagnosed, source).
    ideas: HashMap<(Option<u32>, PreventionSource), IdeaTally>,
    refusals: BTreeMap<RuleId, u64>,
}

impl Default for Ledger {
    fn default() -> Self {
        Ledger::new()
    }
}

/// The default repeat window: 30 days.
pub const DEFAULT_WINDOW: SignedDuration = SignedDuration::from_hours(30 * 24);

fn secs_between(from: Timestamp, to: Timestamp) -> i64 {
    to.duration_since(from).as_secs()
}

fn count_within(times: &[Timestamp], at: Timestamp, window: SignedDuration) -> (u64, Option<Timestamp>) {
    let lo = at.checked_sub(window).unwrap_or(Timestamp::MIN);
    let hi = at.checked_add(window).unwrap_or(Timestamp::MAX);
    let start = times.partition_point(|t| *t < lo);
    let end = times.partition_point(|t| *t <= hi);
    // The times are sorted: the nearest one is beside where `at` would go.
    let split = times[start..end].partition_point(|t| *t < at) + start;
    let before = (split > start).then(|| times[split - 1]);
    let after = (split < end).then(|| times[split]);
    let nearest = match (before, after) {
        (Some(b), Some(a)) => Some(if at.duration_since(b) <= a.duration_since(at) {
            b
        } else {
            a
        }),
        (b, a) => b.or(a),
    };
    ((end - start) as u64, nearest)
}

fn insert_sorted(times: &mut Vec<Timestamp>, at: Timestamp) {
    let i = times.partition_point(|t| *t <= at);
    times.insert(i, at);
}

fn push_example(examples: &mut Vec<Box<str>>, text: &str) {
    if examples.len() < EXAMPLES && !examples.iter().any(|e| &**e == text) {
        examples.push(text.into());
    }
}

/// Nearest-rank percentile of `values` (reordered in place): the value at rank ⌈p·n⌉.
fn percentile(values: &mut [i64], numerator: usize, denominator: usize) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let rank = (values.len() * numerator).div_ceil(denominator).max(1);
    let (_, v, _) = values.select_nth_unstable(rank - 1);
    Some(*v)
}

fn timing(mut values: Vec<i64>) -> Timing {
    Timing {
        count: values.len() as u64,
        median_seconds: percentile(&mut values, 1, 2),
        p90_seconds: percentile(&mut values, 9, 10),
    }
}

fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl Ledger {
    /// An empty ledger with the default repeat window ([`DEFAULT_WINDOW`], 30 days).
    pub fn new() -> Ledger {
        Ledger::empty(DEFAULT_WINDOW)
    }

    /// An empty ledger whose repeats count complaints opened within `window` of each other (a
    /// [`Period`](crate::Period) gives one with [`Period::duration`](crate::Period::duration));
    /// zero counts only complaints opened at the same instant.
    ///
    /// A negative window is refused: [`Error::Invalid`] naming the field `window`.
    ///
    /// ```
    /// use amends::{Error, Ledger, SignedDuration};
    ///
    /// let week = Ledger::with_window(SignedDuration::from_hours(7 * 24))?;
    /// assert_eq!(week.window(), SignedDuration::from_hours(168));
    /// let Err(Error::Invalid(e)) = Ledger::with_window(SignedDuration::from_hours(-1)) else {
    ///     panic!("a negative window is refused")
    /// };
    /// assert_eq!(e.field(), Some("window"));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn with_window(window: SignedDuration) -> Result<Ledger, Error> {
        if window.is_negative() {
            return Err(Error::invalid(
                "window",
                format!(
                    "{} seconds is negative: a window is a length of time",
                    window.as_secs_f64()
                ),
            ));
        }
        Ok(Ledger::empty(window))
    }

    fn empty(window: SignedDuration) -> Ledger {
        Ledger {
            window,
            summaries: Vec::new(),
            keys: HashMap::new(),
            customers: Interner::default(),
            categories: Interner::default(),
            root_causes: Interner::default(),
            customer_times: HashMap::new(),
            category_times: HashMap::new(),
            cause_examples: HashMap::new(),
            ideas: HashMap::new(),
            refusals: BTreeMap::new(),
        }
    }

    /// The repeat window.
    pub fn window(&self) -> SignedDuration {
        self.window
    }

    /// How many complaints the ledger holds.
    pub fn len(&self) -> usize {
        self.summaries.len()
    }

    /// Whether the ledger holds no complaint.
    pub fn is_empty(&self) -> bool {
        self.summaries.is_empty()
    }

    /// Adds a snapshot of a complaint. Warns when its customer, or its category (given at opening
    /// or diagnosed), was seen within the window. Refuses a complaint whose opening `id` is
    /// already in the ledger.
    pub fn add(&mut self, complaint: &Complaint) -> Result<Added, Error> {
        let open = complaint.opening();
        let key: Box<str> = match &open.id {
            Some(id) => id.clone(),
            None => format!("#{}", self.summaries.len() + 1).into(),
        };
        if self.keys.contains_key(&key) {
            return Err(Error::invalid(
                "id",
                format!("complaint `{key}` is already in the ledger"),
            ));
        }
        let opened_at = complaint.opened_at();
        let mut first_listen = None;
        let mut first_close = None;
        let mut first_follow_up = None;
        let mut reopened = false;
        let mut diagnosis: Option<(&str, &str)> = None;
        let mut closed_at = None;
        for event in complaint.history() {
            match &event.action {
                Action::Listen { at, .. } if first_listen.is_none() => first_listen = Some(*at),
                Action::Close { at, .. } => {
                    first_close.get_or_insert(*at);
                    closed_at = Some(*at);
                }
                Action::FollowUp { result, .. } if first_follow_up.is_none() => {
                    first_follow_up = Some(*result)
                }
                Action::Reopen { .. } => reopened = true,
                Action::Diagnose {
                    root_cause, category, ..
                } => diagnosis = Some((root_cause, category)),
                _ => {}
            }
        }
        if complaint.stage() != Stage::Closed {
            closed_at = None;
        }
        let customer = self.customers.intern(&open.customer);
        let (category, root_cause) = match diagnosis {
            Some((cause, category)) => {
                let category = self.categories.intern(category);
                let cause = self.root_causes.intern(cause);
                let examples = self.cause_examples.entry(category).or_default();
                if examples.len() < EXAMPLES && !examples.contains(&cause) {
                    examples.push(cause);
                }
                (Some(category), Some(cause))
            }
            None => (open.category.as_deref().map(|c| self.categories.intern(c)), None),
        };
        let prevention_category = root_cause.and(category);
        for event in complaint.history() {
            if let Action::Prevention { source, idea, .. } = &event.action {
                let tally = self.ideas.entry((prevention_category, *source)).or_default();
                match idea {
                    Some(idea) => {
                        tally.ideas += 1;
                        push_example(&mut tally.examples, idea);
                    }
                    None => tally.no_idea += 1,
                }
            }
        }

        // Warnings, before this complaint joins the indexes.
        let mut warnings = Vec::new();
        if let Some(times) = self.customer_times.get(&customer) {
            let (seen, nearest) = count_within(times, opened_at, self.window);
            if let Some(nearest) = nearest {
                warnings.push(RepeatWarning {
                    kind: RepeatKind::Customer,
                    value: open.customer.to_string(),
                    seen,
                    nearest,
                });
            }
        }
        let mut checked: Vec<u32> = Vec::with_capacity(2);
        let opening_category = open.category.as_deref().and_then(|c| self.categories.get(c));
        for id in [category, opening_category].into_iter().flatten() {
            if checked.contains(&id) {
                continue;
            }
            checked.push(id);
            if let Some(times) = self.category_times.get(&id) {
                let (seen, nearest) = count_within(times, opened_at, self.window);
                if let Some(nearest) = nearest {
                    warnings.push(RepeatWarning {
                        kind: RepeatKind::Category,
                        value: self.categories.text(id).to_string(),
                        seen,
                        nearest,
                    });
                }
            }
        }

        insert_sorted(self.customer_times.entry(customer).or_default(), opened_at);
        if let Some(category) = category {
            insert_sorted(self.category_times.entry(category).or_default(), opened_at);
        }
        let deadlines = complaint
            .deadlines()
            .into_iter()
            .map(|d| DeadlineSummary {
                kind: d.deadline,
                due: d.due,
                met: d.met,
            })
            .collect();
        let index = self.summaries.len() as u32;
        self.summaries.push(Summary {
            key: key.clone(),
            customer,
            category,
            root_cause,
            diagnosed: root_cause.is_some(),
            opened_at,
            stage: complaint.stage(),
            outcome: complaint.outcome(),
            first_follow_up,
            ever_closed: first_close.is_some(),
            reopened,
            first_response_seconds: first_listen.map(|at| secs_between(opened_at, at)),
            close_seconds: first_close.map(|at| secs_between(opened_at, at)),
            closed_at,
            deadlines,
        });
        let key_text = key.to_string();
        self.keys.insert(key, index);
        Ok(Added {
            key: key_text,
            warnings,
        })
    }

    /// Adds a complaint from its JSON (as [`Complaint::to_json`] writes it).
    pub fn add_json(&mut self, text: &str) -> Result<Added, Error> {
        self.add(&Complaint::from_json(text)?)
    }

    /// Counts a move the rules refused on the complaint with this key. The complaint's history is
    /// not touched: a refusal is never an event.
    pub fn record_refusal(&mut self, key: &str, rule: RuleId) -> Result<(), Error> {
        if !self.keys.contains_key(key) {
            return Err(Error::invalid(
                "key",
                format!("no complaint `{key}` in the ledger"),
            ));
        }
        *self.refusals.entry(rule).or_default() += 1;
        Ok(())
    }

    /// Repeats by customer and by category within the window: a complaint is a repeat when it was
    /// opened within the window after the previous one of the same customer (or category).
    pub fn repeats(&self) -> Repeats {
        let window = self.window;
        let group = |times: &HashMap<u32, Vec<Timestamp>>, names: &Interner| {
            let mut out: Vec<RepeatGroup> = times
                .iter()
                .filter_map(|(id, times)| {
                    let repeats = times
                        .windows(2)
                        .filter(|w| w[1].duration_since(w[0]) <= window)
                        .count() as u64;
                    (repeats > 0).then(|| RepeatGroup {
                        value: names.text(*id).to_string(),
                        complaints: times.len() as u64,
                        repeats,
                    })
                })
                .collect();
            out.sort_by(|a, b| b.repeats.cmp(&a.repeats).then_with(|| a.value.cmp(&b.value)));
            out
        };
        Repeats {
            window_seconds: window.as_secs(),
            by_customer: group(&self.customer_times, &self.customers),
            by_category: group(&self.category_times, &self.categories),
        }
    }

    /// The review at `now`: one pass over the summaries.
    pub fn review(&self, now: Timestamp) -> Review {
        let mut by_stage: BTreeMap<Stage, u64> = Stage::ALL.iter().map(|s| (*s, 0)).collect();
        let mut by_outcome: BTreeMap<Outcome, u64> = Outcome::ALL.iter().map(|o| (*o, 0)).collect();
        let mut breaches: BTreeMap<DeadlineKind, u64> = DeadlineKind::ALL.iter().map(|k| (*k, 0)).collect();
        let mut stage_counts = [0u64; Stage::ALL.len()];
        let mut outcome_counts = [0u64; Outcome::ALL.len()];
        let mut breach_counts = [0u64; DeadlineKind::ALL.len()];
        let (mut satisfied, mut unsatisfied, mut unreachable) = (0u64, 0u64, 0u64);
        let (mut closed, mut reopened) = (0u64, 0u64);
        let mut first_response = Vec::new();
        let mut close = Vec::new();
        let mut diagnosed: HashMap<u32, u64> = HashMap::new();
        for s in &self.summaries {
            stage_counts[s.stage as usize] += 1;
            if let Some(o) = s.outcome {
                outcome_counts[o as usize] += 1;
            }
            match s.first_follow_up {
                Some(FollowUpResult::Satisfied) => satisfied += 1,
                Some(FollowUpResult::Unsatisfied) => unsatisfied += 1,
                Some(FollowUpResult::Unreachable) => unreachable += 1,
                None => {}
            }
            if s.ever_closed {
                closed += 1;
                reopened += u64::from(s.reopened);
            }
            if let Some(v) = s.first_response_seconds {
                first_response.push(v);
            }
            if let Some(v) = s.close_seconds {
                close.push(v);
            }
            // The same rule as `Complaint::breaches`: a closed case stops the clock.
            let until = s.closed_at.map_or(now, |c| c.min(now));
            for d in s.deadlines.iter() {
                if d.met.unwrap_or(until) > d.due {
                    breach_counts[d.kind as usize] += 1;
                }
            }
            if let (true, Some(c)) = (s.diagnosed, s.category) {
                *diagnosed.entry(c).or_default() += 1;
            }
        }
        for (s, n) in Stage::ALL.iter().zip(stage_counts) {
            by_stage.insert(*s, n);
        }
        for (o, n) in Outcome::ALL.iter().zip(outcome_counts) {
            by_outcome.insert(*o, n);
        }
        for (k, n) in DeadlineKind::ALL.iter().zip(breach_counts) {
            breaches.insert(*k, n);
        }
        let followed_up = satisfied + unsatisfied + unreachable;

        let mut root_causes: Vec<RootCause> = diagnosed
            .iter()
            .map(|(c, n)| RootCause {
                category: self.categories.text(*c).to_string(),
                complaints: *n,
                examples: self
                    .cause_examples
                    .get(c)
                    .map(|ids| {
                        ids.iter()
                            .map(|id| self.root_causes.text(*id).to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect();
        root_causes.sort_by(|a, b| {
            b.complaints
                .cmp(&a.complaints)
                .then_with(|| a.category.cmp(&b.category))
        });

        let category_name =
            |c: &Option<u32>| c.map_or("undiagnosed", |c| self.categories.text(c)).to_string();
        let mut prevention: Vec<PreventionGroup> = self
            .ideas
            .iter()
            .map(|((c, source), t)| PreventionGroup {
                category: category_name(c),
                source: *source,
                ideas: t.ideas,
                no_idea: t.no_idea,
                examples: t.examples.iter().map(|e| e.to_string()).collect(),
            })
            .collect();
        prevention.sort_by(|a, b| a.category.cmp(&b.category).then_with(|| a.source.cmp(&b.source)));

        let flagged = root_causes
            .iter()
            .filter(|r| r.complaints >= 2)
            .filter(|r| {
                let id = self.categories.get(&r.category);
                !matches!(self.ideas.get(&(id, PreventionSource::Employee)), Some(t) if t.ideas > 0)
            })
            .map(|r| Flag {
                category: r.category.clone(),
                complaints: r.complaints,
            })
            .collect();

        Review {
            now,
            complaints: self.summaries.len() as u64,
            by_stage,
            by_outcome,
            satisfaction: Satisfaction {
                followed_up,
                satisfied,
                unsatisfied,
                unreachable,
                rate: rate(satisfied, followed_up),
            },
            reopens: Reopens {
                closed,
                reopened,
                rate: rate(reopened, closed),
            },
            first_response: timing(first_response),
            close: timing(close),
            breaches,
            refusals: self.refusals.clone(),
            root_causes,
            prevention,
            flagged,
        }
    }

    /// One CSV row per complaint, in the order added, with a header: `id, customer, opened_at,
    /// stage, outcome, category, root_cause, first_response_seconds, close_seconds, breaches`.
    /// `breaches` lists the kinds breached at `now`, separated by `;`. Fields holding a comma, a
    /// quote or a line break are quoted (RFC 4180); lines end with CRLF.
    pub fn to_csv(&self, now: Timestamp) -> String {
        let mut out = String::from(
            "id,customer,opened_at,stage,outcome,category,root_cause,first_response_seconds,close_seconds,breaches\r\n",
        );
        for s in &self.summaries {
            let until = s.closed_at.map_or(now, |c| c.min(now));
            let breached: Vec<&str> = s
                .deadlines
                .iter()
                .filter(|d| d.met.unwrap_or(until) > d.due)
                .map(|d| d.kind.as_str())
                .collect();
            let number = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
            let fields = [
                csv_field(&s.key),
                csv_field(self.customers.text(s.customer)),
                s.opened_at.to_string().into(),
                s.stage.as_str().into(),
                s.outcome.map_or("", Outcome::as_str).into(),
                csv_field(s.category.map_or("", |c| self.categories.text(c))),
                csv_field(s.root_cause.map_or("", |c| self.root_causes.text(c))),
                number(s.first_response_seconds).into(),
                number(s.close_seconds).into(),
                breached.join(";").into(),
            ];
            out.push_str(&fields.join(","));
            out.push_str("\r\n");
        }
        out
    }
}

/// Quotes a CSV field when it holds a comma, a quote or a line break, doubling inner quotes.
fn csv_field(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\"")).into()
    } else {
        text.into()
    }
}

/// A Markdown table cell: pipes escaped, line breaks folded.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// A duration in seconds, readable: `1d 2h 3m 4s` (zero parts left out).
fn human(seconds: Option<i64>) -> String {
    let Some(total) = seconds else {
        return "–".into();
    };
    if total == 0 {
        return "0s".into();
    }
    let sign = if total < 0 { "-" } else { "" };
    let mut rest = total.unsigned_abs();
    let mut parts = Vec::new();
    for (unit, size) in [("d", 86_400u64), ("h", 3_600), ("m", 60), ("s", 1)] {
        if rest >= size {
            parts.push(format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    format!("{sign}{}", parts.join(" "))
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or("–".into(), |r| format!("{:.1}%", r * 100.0))
}

impl Review {
    /// The review as JSON.
    pub fn to_json(&self) -> String {
        // A review holds only strings, numbers and maps with string keys: it always serialises.
        serde_json::to_string(self).expect("a review serialises")
    }

    /// The review as pretty-printed JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a review serialises")
    }

    /// The review as Markdown for a weekly review meeting: headings and tables about the process.
    /// It names no member of staff.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        let w = &mut md;
        // Writing to a String cannot fail.
        let _ = writeln!(
            w,
            "# Complaint review\n\nAs of {}: {} complaints.\n",
            self.now, self.complaints
        );
        let _ = writeln!(w, "## Stages\n\n| Stage | Complaints |\n|---|---:|");
        for (stage, n) in &self.by_stage {
            let _ = writeln!(w, "| {stage} | {n} |");
        }
        let _ = writeln!(w, "\n## Outcomes\n\n| Outcome | Complaints |\n|---|---:|");
        for (outcome, n) in &self.by_outcome {
            let _ = writeln!(w, "| {outcome} | {n} |");
        }
        let s = &self.satisfaction;
        let _ = writeln!(
            w,
            "\n## Satisfaction at the first follow-up\n\n| Followed up | Satisfied | Unsatisfied | Unreachable | Satisfied rate |\n|---:|---:|---:|---:|---:|\n| {} | {} | {} | {} | {} |",
            s.followed_up, s.satisfied, s.unsatisfied, s.unreachable, percent(s.rate)
        );
        let r = &self.reopens;
        let _ = writeln!(
            w,
            "\n## Reopens\n\n{} of {} closed complaints were reopened ({}).",
            r.reopened,
            r.closed,
            percent(r.rate)
        );
        let _ = writeln!(
            w,
            "\n## Responsiveness\n\n| Measure | Complaints | Median | 90th percentile |\n|---|---:|---:|---:|"
        );
        for (name, t) in [
            ("Time to first response", &self.first_response),
            ("Time to close", &self.close),
        ] {
            let _ = writeln!(
                w,
                "| {name} | {} | {} | {} |",
                t.count,
                human(t.median_seconds),
                human(t.p90_seconds)
            );
        }
        let _ = writeln!(w, "\n## Deadline breaches\n\n| Deadline | Breaches |\n|---|---:|");
        for (kind, n) in &self.breaches {
            let _ = writeln!(w, "| {kind} | {n} |");
        }
        let _ = writeln!(w, "\n## Refused moves\n");
        if self.refusals.is_empty() {
            let _ = writeln!(w, "None.");
        } else {
            let _ = writeln!(w, "| Rule | Refusals |\n|---|---:|");
            for (rule, n) in &self.refusals {
                let _ = writeln!(w, "| {rule} | {n} |");
            }
        }
        let _ = writeln!(w, "\n## Root causes\n");
        if self.root_causes.is_empty() {
            let _ = writeln!(w, "None diagnosed.");
        } else {
            let _ = writeln!(
                w,
                "| Rank | Category | Complaints | Examples |\n|---:|---|---:|---|"
            );
            for (i, r) in self.root_causes.iter().enumerate() {
                let examples: Vec<String> = r.examples.iter().map(|e| cell(e)).collect();
                let _ = writeln!(
                    w,
                    "| {} | {} | {} | {} |",
                    i + 1,
                    cell(&r.category),
                    r.complaints,
                    examples.join("; ")
                );
            }
        }
        let _ = writeln!(w, "\n## Prevention ideas\n");
        if self.prevention.is_empty() {
            let _ = writeln!(w, "None recorded.");
        } else {
            let _ = writeln!(
                w,
                "| Category | Source | Ideas | Asked, no idea | Examples |\n|---|---|---:|---:|---|"
            );
            for p in &self.prevention {
                let examples: Vec<String> = p.examples.iter().map(|e| cell(e)).collect();
                let _ = writeln!(
                    w,
                    "| {} | {} | {} | {} | {} |",
                    cell(&p.category),
                    p.source,
                    p.ideas,
                    p.no_idea,
                    examples.join("; ")
                );
            }
        }
        let _ = writeln!(w, "\n## Recurring root causes with no employee prevention idea\n");
        if self.flagged.is_empty() {
            let _ = writeln!(w, "None.");
        } else {
            let _ = writeln!(w, "| Category | Complaints |\n|---|---:|");
            for f in &self.flagged {
                let _ = writeln!(w, "| ⚠ {} | {} |", cell(&f.category), f.complaints);
            }
        }
        md
    }
}
