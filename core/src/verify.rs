//! Playbook verification: an exhaustive, bounded search of everything a playbook lets a complaint
//! do, which proves its invariants or finds the shortest path that breaks each one.

use crate::action::{
    Action, ActionKind, Actor, FollowUpResult, Money, Open, Outcome, PreventionSource, Remedy, RemedyKind,
};
use crate::complaint::{Complaint, Facts, Round};
use crate::diagram::Diagram;
use crate::error::Error;
use crate::names::named_enum;
use crate::playbook::Playbook;
use crate::rules::RuleId;
use crate::stage::Stage;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// The most tasks the search keeps pending at once, and the largest task budget it tells apart.
pub const TASK_BOUND: usize = 2;

/// Proves a playbook's invariants by an exhaustive, bounded search, or finds the shortest path
/// that breaks each one that does not hold.
///
/// ```
/// use amends::{verify, Invariant, Playbook, RuleId, Stage, Status};
/// let strict = verify(&Playbook::preset("strict")?);
/// assert!(strict.proven);
///
/// // Turn a rule off and the search shows what the playbook then allows.
/// let lax = Playbook::preset("seven_step")?.with_rule(RuleId::ThankBeforeClose, false)?;
/// let found = verify(&lax);
/// let finding = found.finding(Invariant::Rule(RuleId::ThankBeforeClose)).unwrap();
/// assert_eq!(finding.status, Status::NotApplicable);
/// let path = finding.counterexample.as_ref().unwrap();
/// let closed = path.replay(lax.clone())?; // the engine closes it without a thank-you
/// assert_eq!(closed.stage(), Stage::Closed);
/// # Ok::<(), amends::Error>(())
/// ```
///
/// # How
///
/// The search opens a complaint under the playbook and drives the engine itself breadth first,
/// over a finite alphabet of representative actions: every action kind, in each variant the rules
/// tell apart.
///
/// - remedies with no value and, for every finite authority limit `L` of the roles tried, one worth
///   exactly `L` and one worth `L + 1` (so "within the agent's limit", "above the agent's but
///   within the supervisor's" and "above every finite limit" are all tried);
/// - offers with and without a reason, with and without `too_upset`;
/// - `approve` and `agree` by `agent`, `supervisor`, `manager` and every role of the playbook's
///   authority table;
/// - a sincere apology, one holding a deflecting phrase of the playbook's list (none when the list
///   is empty) and an empty one (`sincere-apology` owns empty statements); evidence present and
///   empty (`bad-faith-needs-evidence` owns empty evidence);
/// - `follow_up` satisfied, unsatisfied and unreachable; `close` resolved, unresolved and
///   withdrawn; `prevention` by the customer and by an employee; `plan`; `done` on each pending
///   task;
/// - one `note` dated a minute before the previous event, so `time-order` is tried too.
///
/// Every other action is dated one minute after the previous event, so deadlines never decide
/// anything. Two complaints are the same state when everything the playbook's rules and the
/// claimed invariants can still read of them is the same:
///
/// - the stage; listened, confirmed, thanked, apologised, diagnosed, bad faith recorded and the
///   customer's prevention idea, each only when a rule that reads it is on (each is set by an
///   action of its own, so a shortest path never sets it for nothing); the latest follow-up's
///   result; whether there was a follow-up since the latest agree, stand_firm or reopen;
/// - the restatement awaiting an answer, in `listening` only: no other stage reads it, and every
///   way into `listening` sets it;
/// - the round's question, request, offer and approvals in `resolving`; elsewhere, where every
///   action that reads them is out of order and every way back into a round must start a new one,
///   only whether the round still holds any of them (so the search checks that the next round
///   starts afresh from such a state too); a proposal's value counts as the number of authority
///   limits it is over; whether the round agreed;
/// - the pending tasks and the task budget left (see the bounds);
/// - the facts the invariants track themselves (below).
///
/// The first complaint to reach a state is the one explored, so every state is explored from a
/// shortest path and every counter-example is a shortest one. An accepted action is decided and
/// followed exactly as [`Complaint::apply`] decides and records it; a new state is reached by
/// `apply` itself, on a copy of the complaint.
///
/// # Bounds
///
/// - At most [`TASK_BOUND`] tasks are pending at once: the search plans no more. A task budget
///   (`limits.max_tasks` minus the tasks planned) above [`TASK_BOUND`] counts as [`TASK_BOUND`]: a
///   playbook allowing at most that many tasks is searched exactly, one allowing more as if its
///   budget never ran out.
/// - `limits.max_events` is honoured as the engine honours it: a complaint whose history is full
///   takes no more actions. A state is a dead end when, reached by its shortest path, `closed` is
///   further away than the events the playbook still allows.
///
/// Whatever the bounds, every counter-example is real: the actions the engine accepted, which
/// [`Counterexample::replay`] applies again.
///
/// # What is proven
///
/// Each invariant is stated on its own, over the facts before an action and the action (DESIGN's
/// rule table), not by asking the rule book; the search checks that the engine never accepts what
/// it forbids.
///
/// - `every-stage-reachable`: each of the eight stages is reached.
/// - `no-agreement-without-apology` (claimed when `apology-before-remedy` is on): no `agree` is
///   accepted before an apology was (tracked by the search from the actions it applied).
/// - `no-close-without-follow-up`: no `close` is accepted after an `agree` with no `follow_up`
///   since (tracked the same way).
/// - `no-dead-end`: from every state but `closed`, some path still reaches `closed`.
/// - one per rule that is on, named by its id: nothing accepted is what the rule refuses. For
///   `out-of-order`: every accepted action is a move the workflow table allows, into the stage it
///   names, and every move back into a round starts a new one.
///
/// An invariant whose rule is off is not applicable; its finding carries a shortest path that does
/// what the rule would refuse, when the search found one.
///
/// # JSON
///
/// [`Verification::to_json`] writes:
///
/// ```json
/// {"playbook": "strict", "proven": true, "states": 9110, "transitions": 288054,
///  "attempts": 537618, "depth": 19,
///  "bounds": {"pending_tasks": 2, "task_budget": 2, "max_tasks": 100, "max_events": 10000,
///             "amounts": [0, 5000, 5001, 50000, 50001], "roles": ["agent", "manager", "supervisor"]},
///  "stages": [{"stage": "open", "depth": 0}, …, {"stage": "closed", "depth": 6}],
///  "invariants": [
///    {"invariant": "every-stage-reachable", "status": "proven", "cases": 8,
///     "detail": "all 8 stages reached"},
///    …,
///    {"invariant": "diagnose-before-apology", "status": "not_applicable", "cases": 12798,
///     "detail": "diagnose-before-apology is off: apologize was accepted in stage listening (…)",
///     "counterexample": {"stage": "listening", "actions": [{"action": "open", …}, …]}},
///    …]}
/// ```
///
/// `depth` counts actions after the `open`; a stage's `depth` is `null` when nothing reaches it.
/// `status` is `proven`, `broken` or `not_applicable`; `cases` is how many times the search met
/// what the invariant forbids (attempts, states or stages); `counterexample` is left out when there
/// is none, and its `actions` (action JSON) start with the `open`.
///
/// # Cost
///
/// The presets take well under a second. The search grows with the authority table (each
/// distinct limit adds remedies to try, each role its approvals and agreements): `strict` with 16
/// more roles of their own limits explores some 280,000 states in about 10 s and 0.7 GB, so bound
/// the roles of a playbook you did not write before verifying it.
pub fn verify(playbook: &Playbook) -> Verification {
    Search::new(playbook).run()
}

/// A property of a playbook that [`verify`] proves or refutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Invariant {
    /// Every stage is reachable from the opening.
    EveryStageReachable,
    /// No path reaches an agreement without an apology (claimed when `apology-before-remedy` is on).
    NoAgreementWithoutApology,
    /// No path closes a case with no follow-up since its latest agreement.
    NoCloseWithoutFollowUp,
    /// From every state but `closed`, the case can still be closed.
    NoDeadEnd,
    /// No accepted action does what the rule refuses (claimed when the rule is on).
    Rule(RuleId),
}

/// The invariants that are not a rule's, in report order.
const HEADLINE: [Invariant; 4] = [
    Invariant::EveryStageReachable,
    Invariant::NoAgreementWithoutApology,
    Invariant::NoCloseWithoutFollowUp,
    Invariant::NoDeadEnd,
];

/// How many invariants there are: the headline ones, then one per rule.
const INVARIANTS: usize = HEADLINE.len() + RuleId::ALL.len();

// The search keeps sets of invariants, rules, action kinds and stages as bits of a `u32`, and
// `guards` is indexed by stage and action kind: a vocabulary that outgrows them must widen them.
const _: () = assert!(
    INVARIANTS <= 32 && ActionKind::ALL.len() <= 32 && Stage::ALL.len() <= 8,
    "the search's bit sets are too narrow for the vocabulary"
);

impl Invariant {
    /// Every invariant, in report order: the four headline ones, then one per rule in check order.
    pub fn all() -> impl Iterator<Item = Invariant> {
        HEADLINE
            .into_iter()
            .chain(RuleId::ALL.iter().map(|r| Invariant::Rule(*r)))
    }

    /// The stable name: `every-stage-reachable`, `no-agreement-without-apology`,
    /// `no-close-without-follow-up`, `no-dead-end`, or the rule's id.
    pub const fn name(self) -> &'static str {
        match self {
            Invariant::EveryStageReachable => "every-stage-reachable",
            Invariant::NoAgreementWithoutApology => "no-agreement-without-apology",
            Invariant::NoCloseWithoutFollowUp => "no-close-without-follow-up",
            Invariant::NoDeadEnd => "no-dead-end",
            Invariant::Rule(rule) => rule.as_str(),
        }
    }

    /// The invariant with this name.
    pub fn from_name(name: &str) -> Option<Invariant> {
        Invariant::all().find(|i| i.name() == name)
    }

    /// What the invariant claims, in one line.
    pub fn claim(self) -> String {
        match self {
            Invariant::EveryStageReachable => "every stage is reachable from the opening".into(),
            Invariant::NoAgreementWithoutApology => "no path reaches an agreement without an apology".into(),
            Invariant::NoCloseWithoutFollowUp => {
                "no path closes a case with no follow-up since its latest agreement".into()
            }
            Invariant::NoDeadEnd => "from every state but closed, the case can still be closed".into(),
            Invariant::Rule(rule) => format!("nothing accepted is {}", rule.description()),
        }
    }

    /// The position of the invariant in [`Invariant::all`].
    fn index(self) -> usize {
        match self {
            Invariant::EveryStageReachable => 0,
            Invariant::NoAgreementWithoutApology => 1,
            Invariant::NoCloseWithoutFollowUp => 2,
            Invariant::NoDeadEnd => 3,
            Invariant::Rule(rule) => HEADLINE.len() + rule.number() as usize,
        }
    }
}

impl fmt::Display for Invariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Invariant {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

named_enum! {
    /// What the search found about one invariant.
    pub enum Status ("verification status") {
        /// It holds on every path the search explored.
        Proven = "proven",
        /// A path breaks it: the finding carries the shortest one.
        Broken = "broken",
        /// The playbook does not claim it (its rule is off); the finding may carry a path showing
        /// what the playbook allows instead.
        NotApplicable = "not_applicable",
    }
}

/// The verdict on one invariant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// Which invariant.
    pub invariant: Invariant,
    /// Proven, broken, or not claimed by this playbook.
    pub status: Status,
    /// How many times the search met what the invariant forbids: attempts it must see refused
    /// (transition invariants), states checked (`no-dead-end`) or stages (`every-stage-reachable`).
    pub cases: usize,
    /// What was found, in one line.
    pub detail: String,
    /// For a broken invariant, the shortest path that breaks it; for one not applicable, the
    /// shortest path that does what it forbids, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counterexample: Option<Counterexample>,
}

/// A path of real actions, starting with the `open`, that the engine accepts one by one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Counterexample {
    /// The stage the path ends in.
    pub stage: Stage,
    /// The actions, the `open` first.
    pub actions: Vec<Action>,
}

impl Counterexample {
    /// The kinds of the actions, in order, the `open` first.
    pub fn kinds(&self) -> Vec<ActionKind> {
        self.actions.iter().map(Action::kind).collect()
    }

    /// Opens a complaint with the first action and applies the others: the complaint the path
    /// leads to. Fails with the engine's error if the playbook refuses a step (a different
    /// playbook than the one verified, say).
    pub fn replay(&self, playbook: impl Into<Arc<Playbook>>) -> Result<Complaint, Error> {
        let mut actions = self.actions.iter().cloned();
        let first = actions
            .next()
            .ok_or_else(|| Error::invalid("actions", "an empty path has no open action"))?;
        let mut complaint = Complaint::open(first, playbook)?;
        for action in actions {
            complaint.apply(action)?;
        }
        Ok(complaint)
    }
}

impl fmt::Display for Counterexample {
    /// The steps in a line: `open → listen → … → close(unresolved)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, action) in self.actions.iter().enumerate() {
            if i > 0 {
                f.write_str(" → ")?;
            }
            f.write_str(&step(action))?;
        }
        Ok(())
    }
}

/// An action in a few characters: its kind and the variant the rules tell apart.
fn step(action: &Action) -> String {
    let amount = |remedy: &Remedy| remedy.value.map(|m| format!(" {m}")).unwrap_or_default();
    match action {
        Action::Apologize { statement, .. } => format!("apologize({statement:?})"),
        Action::Request { remedy, .. } => format!("request({}{})", remedy.kind, amount(remedy)),
        Action::Offer {
            remedy,
            reason,
            too_upset,
            ..
        } => {
            let mut s = format!("offer({}{}", remedy.kind, amount(remedy));
            if reason.is_some() {
                s.push_str(", with a reason");
            }
            if *too_upset {
                s.push_str(", too_upset");
            }
            s.push(')');
            s
        }
        Action::Approve { by, .. } | Action::Agree { by, .. } => format!("{}({})", action.kind(), by.role()),
        Action::SuspectBadFaith { evidence, .. } => format!("suspect_bad_faith({evidence:?})"),
        Action::Done { task_id, .. } => format!("done({task_id})"),
        Action::FollowUp { result, .. } => format!("follow_up({result})"),
        Action::Prevention { source, .. } => format!("prevention({source})"),
        Action::Close { outcome, .. } => format!("close({outcome})"),
        _ => action.kind().to_string(),
    }
}

/// How the search was bounded (see the [`verify`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Bounds {
    /// The most tasks kept pending at once ([`TASK_BOUND`]).
    pub pending_tasks: usize,
    /// The largest task budget told apart ([`TASK_BOUND`]): a larger one counts as this one.
    pub task_budget: usize,
    /// The playbook's `limits.max_tasks`.
    pub max_tasks: usize,
    /// The playbook's `limits.max_events`.
    pub max_events: usize,
    /// The remedy values tried, in minor units of the playbook's currency (0: no value).
    pub amounts: Vec<u64>,
    /// The roles tried for `approve` and `agree`.
    pub roles: Vec<String>,
}

/// When a stage is first reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StageReach {
    /// The stage.
    pub stage: Stage,
    /// The fewest actions after the `open` that reach it; `None` when nothing does.
    pub depth: Option<usize>,
}

/// What [`verify`] found: the size of the search, how it was bounded, and one [`Finding`] per
/// invariant. JSON with [`Verification::to_json`]; text with `Display`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Verification {
    /// The playbook's name.
    pub playbook: String,
    /// Whether every invariant the playbook claims is proven.
    pub proven: bool,
    /// The distinct states explored.
    pub states: usize,
    /// The accepted actions explored (attempts the engine accepted).
    pub transitions: usize,
    /// The actions tried, accepted or refused.
    pub attempts: usize,
    /// The longest shortest path: actions after the `open` to the furthest state.
    pub depth: usize,
    /// How the search was bounded.
    pub bounds: Bounds,
    /// Each stage and when it is first reached, in workflow order.
    pub stages: Vec<StageReach>,
    /// One finding per invariant, in [`Invariant::all`] order.
    pub invariants: Vec<Finding>,
    #[serde(skip)]
    diagram: Diagram,
}

impl Verification {
    /// The finding on one invariant.
    pub fn finding(&self, invariant: Invariant) -> Option<&Finding> {
        self.invariants.iter().find(|f| f.invariant == invariant)
    }

    /// The findings whose invariant is broken.
    pub fn broken(&self) -> impl Iterator<Item = &Finding> {
        self.invariants.iter().filter(|f| f.status == Status::Broken)
    }

    /// The stages nothing reaches, in workflow order.
    pub fn unreachable(&self) -> Vec<Stage> {
        self.stages
            .iter()
            .filter(|s| s.depth.is_none())
            .map(|s| s.stage)
            .collect()
    }

    /// The playbook's stage diagram, drawn from the transitions this search explored.
    pub fn diagram(&self) -> &Diagram {
        &self.diagram
    }

    /// The stage diagram, taking it out of the verification.
    pub fn into_diagram(self) -> Diagram {
        self.diagram
    }

    /// The verification as JSON (the shape in the [`verify`]).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The verification as indented JSON, for people.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl fmt::Display for Verification {
    /// A summary line, then one line per invariant, with the path of each counter-example.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = if self.proven {
            "every claim proven"
        } else {
            "some claims broken"
        };
        writeln!(
            f,
            "playbook `{}`: {verdict} ({} states, {} transitions, {} attempts, depth {})",
            self.playbook, self.states, self.transitions, self.attempts, self.depth
        )?;
        for finding in &self.invariants {
            writeln!(
                f,
                "  {:<14} {:<28} {}",
                finding.status.as_str(),
                finding.invariant.name(),
                finding.detail
            )?;
            if let Some(path) = &finding.counterexample {
                writeln!(f, "  {:<14} path: {path}", "")?;
            }
        }
        Ok(())
    }
}

/// Facts the invariants track themselves, from the actions the search applied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Ghost {
    /// An apology was accepted.
    apologised: bool,
    /// An agreement was accepted with no follow-up since.
    unfollowed_agreement: bool,
}

impl Ghost {
    fn after(mut self, action: &Action) -> Ghost {
        match action.kind() {
            ActionKind::Apologize => self.apologised = true,
            ActionKind::Agree => self.unfollowed_agreement = true,
            ActionKind::FollowUp => self.unfollowed_agreement = false,
            _ => {}
        }
        self
    }
}

/// Which of the facts only some rules read count in the state key: those a rule that is on reads.
/// Leaving the others out is exact for every claimed invariant. A path showing what an unclaimed
/// one forbids needs such a fact unset, and each is set by an action of its own, which a shortest
/// path never takes for nothing; the facts that are not so (the round, the follow-ups) always
/// count.
#[derive(Debug, Clone, Copy)]
struct Reads {
    listened: bool,
    confirmed: bool,
    thanked: bool,
    apologized: bool,
    diagnosed: bool,
    bad_faith: bool,
    customer_prevention: bool,
}

impl Reads {
    fn of(playbook: &Playbook) -> Reads {
        let on = |rule| playbook.rule_is_on(rule);
        Reads {
            listened: on(RuleId::ListenFirst) || on(RuleId::ListenBeforeApology),
            confirmed: on(RuleId::RestateBeforeResolving),
            thanked: on(RuleId::ThankBeforeClose),
            // Also what `no-agreement-without-apology` tracks, which is claimed with the rule.
            apologized: on(RuleId::ApologyBeforeRemedy),
            diagnosed: on(RuleId::DiagnoseBeforeApology) || on(RuleId::RootCauseBeforeClose),
            bad_faith: on(RuleId::StandFirmNeedsBadFaith),
            customer_prevention: on(RuleId::PreventionBeforeClose),
        }
    }
}

/// Builds state keys: two complaints with the same key are the same state for every rule that is
/// on and every invariant claimed (what a key holds is listed on [`verify`]).
struct Keys {
    reads: Reads,
    /// The deciders' distinct finite limits.
    limits: Vec<u64>,
    max_tasks: usize,
}

impl Keys {
    /// The key, packed into one number, low bits first.
    fn key(&self, facts: &Facts, ghost: Ghost) -> u128 {
        let r = &self.reads;
        let listening = facts.stage == Stage::Listening;
        let resolving = facts.stage == Stage::Resolving;
        let round = &facts.round;
        let flag = |on: bool, shift: u32| u128::from(on) << shift;
        let mut key = facts.stage as u128
            | flag(facts.listened && r.listened, 3)
            | flag(facts.restatement_pending && listening, 4)
            | flag(facts.confirmed && r.confirmed, 5)
            | flag(facts.thanked && r.thanked, 6)
            | flag(facts.apologized && r.apologized, 7)
            | flag(facts.diagnosed && r.diagnosed, 8)
            | flag(facts.bad_faith && r.bad_faith, 9)
            | flag(facts.customer_prevention && r.customer_prevention, 10)
            | flag(facts.followed_up, 11)
            | flag(round.asked && resolving, 12)
            | flag(round.no_request && resolving, 13)
            | flag(round.agreed, 14)
            | flag(ghost.apologised && r.apologized, 15)
            | flag(ghost.unfollowed_agreement, 16)
            | (facts.last_follow_up.map_or(0, |f| f.number() as u128 + 1) << 17)
            // Outside `resolving`, only whether the round still holds anything: so a state with
            // such a round is explored, and the check that the next round starts afresh bites.
            | flag(!resolving && (round.asked || round.no_request || round.proposal().is_some()), 95);
        // A proposal counts by how many of the limits it is over (which says whose authority it
        // needs), its approval only when it is over some.
        for (proposal, shift) in [(&round.request, 19), (&round.offer, 53)] {
            if let Some(p) = proposal.filter(|_| resolving) {
                let over = self.limits.iter().filter(|l| p.amount > **l).count();
                let over = u32::try_from(over).unwrap_or(u32::MAX);
                let approved = p.approved && over > 0;
                key |= (1 | (u128::from(approved) << 1) | (u128::from(over) << 2)) << shift;
            }
        }
        let pending = pending(facts).min(TASK_BOUND);
        let budget = self.max_tasks.saturating_sub(facts.tasks.len()).min(TASK_BOUND);
        key | ((pending as u128) << 87) | ((budget as u128) << 91)
    }
}

/// A hasher for keys that are already well spread numbers: one multiply and shift.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let mixed = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = mixed ^ (mixed >> 29);
    }

    fn write_u128(&mut self, n: u128) {
        self.write_u64(n as u64);
        self.write_u64((n >> 64) as u64);
    }
}

/// How many planned tasks are not done.
fn pending(facts: &Facts) -> usize {
    facts.tasks.iter().filter(|t| !t.done).count()
}

/// What sets an alphabet entry apart where the action alone does not say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Plain,
    /// An apology holding a deflecting phrase.
    Deflecting,
    /// An apology or evidence left empty.
    Empty,
}

/// One entry of the alphabet.
struct Probe {
    action: Action,
    tag: Tag,
}

/// A state of the search.
struct Node {
    /// The node it was first reached from (`u32::MAX` for the opening).
    parent: u32,
    /// The action that first reached it (the `open` for the opening).
    action: Option<Action>,
    depth: u32,
    stage: Stage,
}

/// The first path found for an invariant: the node it starts from and the action taken there
/// (`None` when the node itself is the counter-example).
struct Witness {
    node: u32,
    action: Option<Action>,
    /// The stage the path ends in.
    stage: Stage,
    detail: String,
}

/// The texts the alphabet uses, cut to the playbook's text limit.
struct Texts {
    limit: usize,
}

impl Texts {
    fn fit(&self, text: &str) -> Box<str> {
        let mut end = text.len().min(self.limit);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text[..end].trim_end().into()
    }

    fn fits(&self, text: &str) -> bool {
        text.len() <= self.limit
    }
}

/// The search's alphabet: the representative actions, built once per depth.
struct Alphabet {
    staff: Actor,
    deciders: Vec<Actor>,
    /// The deciders' distinct finite limits, ascending.
    limits: Vec<u64>,
    amounts: Vec<u64>,
    sincere: Option<Box<str>>,
    deflecting: Option<Box<str>>,
    texts: Texts,
}

impl Alphabet {
    fn new(playbook: &Playbook) -> Alphabet {
        let texts = Texts {
            limit: playbook.limits().max_text_bytes,
        };
        let roles: BTreeSet<&str> = ["agent", "supervisor", "manager"]
            .into_iter()
            .chain(playbook.authority().keys().map(String::as_str))
            .collect();
        let limits: BTreeSet<u64> = roles.iter().filter_map(|r| playbook.authority_of(r)).collect();
        let mut amounts = BTreeSet::from([0u64]);
        for limit in &limits {
            amounts.insert(*limit);
            if let Some(above) = limit.checked_add(1) {
                amounts.insert(above);
            }
        }
        let sincere = [
            "I am sorry we let you down.",
            "We apologise.",
            "Sorry.",
            "Apologies.",
        ]
        .into_iter()
        .map(str::to_string)
        .chain(('A'..='Z').map(String::from))
        .find(|s| texts.fits(s) && playbook.deflecting_phrase(s).is_none())
        .map(Into::into);
        let deflecting = playbook
            .apology_phrases()
            .iter()
            .flat_map(|phrase| [format!("I am sorry, {phrase}."), phrase.clone()])
            .find(|s| texts.fits(s) && playbook.deflecting_phrase(s).is_some())
            .map(Into::into);
        let staff = Actor::agent(texts.fit("staff"));
        Alphabet {
            deciders: roles
                .iter()
                .map(|role| Actor::new(texts.fit("staff"), *role))
                .collect(),
            staff,
            limits: limits.into_iter().collect(),
            amounts: amounts.into_iter().collect(),
            sincere,
            deflecting,
            texts,
        }
    }

    fn remedy(&self, amount: u64, playbook: &Playbook) -> Remedy {
        if amount == 0 {
            Remedy::new(RemedyKind::Other, self.texts.fit("A call from the manager"))
        } else {
            Remedy::new(RemedyKind::Refund, self.texts.fit("A refund"))
                .worth(Money::new(amount, playbook.currency()))
        }
    }

    /// The entries every state at one depth tries, split where `plan` and `done` go, which
    /// depend on the state. `at` is one minute after the previous event of every such state.
    fn layer(&self, at: Timestamp, playbook: &Playbook) -> (Vec<Probe>, Vec<Probe>) {
        let t = |text: &str| self.texts.fit(text);
        let by = || self.staff.clone();
        let plain = |action: Action| Probe {
            action,
            tag: Tag::Plain,
        };
        let mut head = vec![
            plain(Action::listen(
                at,
                by(),
                t("The parcel came a week late and opened."),
            )),
            plain(Action::restate(at, by(), t("Your parcel was late and damaged."))),
            plain(Action::confirm(at, by())),
            plain(Action::correct(at, by(), t("It was damaged, not late."))),
            plain(Action::thank(at, by(), t("Thank you for telling us."))),
        ];
        if let Some(statement) = &self.sincere {
            head.push(plain(Action::apologize(at, by(), statement.clone())));
        }
        if let Some(statement) = &self.deflecting {
            head.push(Probe {
                action: Action::apologize(at, by(), statement.clone()),
                tag: Tag::Deflecting,
            });
        }
        head.push(Probe {
            action: Action::apologize(at, by(), ""),
            tag: Tag::Empty,
        });
        head.push(plain(Action::diagnose(
            at,
            by(),
            t("Packed without padding"),
            t("packing"),
        )));
        head.push(plain(Action::ask(at, by())));
        for amount in &self.amounts {
            head.push(plain(Action::request(at, by(), self.remedy(*amount, playbook))));
        }
        head.push(plain(Action::no_request(at, by())));
        for amount in &self.amounts {
            for (reason, too_upset) in [(false, false), (true, false), (false, true), (true, true)] {
                head.push(plain(Action::Offer {
                    at,
                    by: by(),
                    remedy: Box::new(self.remedy(*amount, playbook)),
                    reason: reason.then(|| t("It is what we can do")),
                    too_upset,
                }));
            }
        }
        for decider in &self.deciders {
            head.push(plain(Action::approve(at, decider.clone())));
        }
        for decider in &self.deciders {
            head.push(plain(Action::agree(at, decider.clone())));
        }
        head.push(plain(Action::decline(at, by(), t("Not enough"))));
        head.push(plain(Action::suspect_bad_faith(
            at,
            by(),
            t("Third identical claim this month"),
        )));
        head.push(Probe {
            action: Action::suspect_bad_faith(at, by(), ""),
            tag: Tag::Empty,
        });
        head.push(plain(Action::stand_firm(at, by(), t("The claim does not hold"))));

        let mut tail = Vec::with_capacity(16);
        for result in FollowUpResult::ALL {
            tail.push(plain(Action::follow_up(at, by(), *result)));
        }
        for source in PreventionSource::ALL {
            tail.push(plain(Action::prevention(at, by(), *source, None)));
        }
        tail.push(plain(Action::escalate(
            at,
            by(),
            t("supervisor"),
            t("Needs a supervisor"),
        )));
        tail.push(plain(Action::note(at, by(), t("Called back"))));
        for outcome in Outcome::ALL {
            tail.push(plain(Action::close(at, by(), *outcome)));
        }
        tail.push(plain(Action::reopen(at, by(), t("The customer wrote again"))));
        // Dated before the previous event: only `time-order` may refuse it.
        let before = at - SignedDuration::from_mins(2);
        tail.push(plain(Action::note(before, by(), t("Late entry"))));
        (head, tail)
    }

    /// `plan` (while fewer than [`TASK_BOUND`] tasks are pending) and `done` on each pending task.
    fn tasks(&self, at: Timestamp, facts: &Facts) -> Vec<Probe> {
        let mut probes = Vec::with_capacity(TASK_BOUND + 1);
        if pending(facts) < TASK_BOUND {
            let due = at + SignedDuration::from_hours(24);
            probes.push(Probe {
                action: Action::plan(at, self.staff.clone(), self.texts.fit("Send a new one"), due),
                tag: Tag::Plain,
            });
        }
        for (i, task) in facts.tasks.iter().enumerate() {
            if !task.done {
                probes.push(Probe {
                    action: Action::done(at, self.staff.clone(), i as u32 + 1),
                    tag: Tag::Plain,
                });
            }
        }
        probes
    }
}

/// The stage the workflow moves to when `action` is taken, or `None` when the workflow has no
/// such move: DESIGN's "allowed in stages" column, with the cases other rules own allowed here.
fn workflow(facts: &Facts, action: &Action) -> Option<Stage> {
    use Stage as S;
    let stage = facts.stage;
    let keep = Some(stage);
    let resolving = stage == S::Resolving;
    let asking = matches!(stage, S::Listening | S::Understood | S::Resolving);
    match action {
        Action::Open(_) => None,
        Action::Listen { .. } => Some(if stage == S::Open { S::Listening } else { stage }),
        Action::Thank { .. }
        | Action::Apologize { .. }
        | Action::Diagnose { .. }
        | Action::SuspectBadFaith { .. }
        | Action::Escalate { .. }
        | Action::Note { .. }
        | Action::Prevention { .. } => keep,
        Action::Restate { .. } => matches!(stage, S::Listening | S::Understood).then_some(S::Listening),
        Action::Confirm { .. } => {
            (stage == S::Listening && facts.restatement_pending).then_some(S::Understood)
        }
        Action::Correct { .. } => {
            (stage == S::Listening && facts.restatement_pending).then_some(S::Listening)
        }
        Action::Ask { .. } | Action::Offer { .. } => asking.then_some(S::Resolving),
        Action::Request { .. } | Action::NoRequest { .. } => resolving.then_some(S::Resolving),
        Action::Approve { .. } => (resolving && facts.round.proposal().is_some()).then_some(S::Resolving),
        Action::Agree { .. } => (resolving && facts.round.proposal().is_some()).then_some(S::Agreed),
        Action::Decline { .. } => (resolving && facts.round.offer.is_some()).then_some(S::Resolving),
        Action::StandFirm { .. } => resolving.then_some(S::FollowingUp),
        Action::Plan { .. } => match stage {
            S::Open | S::Closed => None,
            S::FollowingUp if facts.followed_up => None,
            _ => Some(S::Acting),
        },
        Action::Done { task_id, .. } => {
            let open_task = facts.task(*task_id).is_some_and(|t| !t.done);
            (stage == S::Acting && open_task).then(|| {
                if pending(facts) == 1 {
                    S::FollowingUp
                } else {
                    S::Acting
                }
            })
        }
        Action::FollowUp { result, .. } => match stage {
            S::Open | S::Closed => None,
            S::FollowingUp if *result == FollowUpResult::Unsatisfied => Some(S::Resolving),
            _ => keep,
        },
        Action::Close { .. } => (stage != S::Closed).then_some(S::Closed),
        Action::Reopen { .. } => (stage == S::Closed).then_some(S::Listening),
    }
}

/// The invariant at a position of [`Invariant::all`].
fn invariant_at(index: usize) -> Invariant {
    match HEADLINE.get(index) {
        Some(invariant) => *invariant,
        None => Invariant::Rule(RuleId::ALL[index - HEADLINE.len()]),
    }
}

/// The bit of a rule's invariant in a set of invariants.
const fn bit(rule: RuleId) -> u32 {
    1 << (HEADLINE.len() as u32 + rule.number())
}

/// The invariants in a set, as bits of their positions.
fn members(mut set: u32) -> impl Iterator<Item = Invariant> {
    std::iter::from_fn(move || {
        let index = set.trailing_zeros() as usize;
        set &= set.wrapping_sub(1);
        (index < INVARIANTS).then(|| invariant_at(index))
    })
}

/// The search itself.
struct Search {
    playbook: Arc<Playbook>,
    alphabet: Alphabet,
    keys: Keys,
    nodes: Vec<Node>,
    ghosts: Vec<Ghost>,
    seen: HashMap<u128, u32, BuildHasherDefault<KeyHasher>>,
    /// Accepted moves between distinct states, (from, to).
    edges: Vec<(u32, u32)>,
    transitions: usize,
    attempts: usize,
    cases: [usize; INVARIANTS],
    witnesses: Vec<Option<Witness>>,
    /// Accepted action kinds by (from stage, to stage), as bits of `ActionKind::number`.
    moves: [[u32; 8]; 8],
    /// Rules that refused an action kind in a stage, by (stage, kind), as bits of `RuleId::number`.
    guards: [[u32; 32]; 8],
}

impl Search {
    fn new(playbook: &Playbook) -> Search {
        let alphabet = Alphabet::new(playbook);
        let keys = Keys {
            reads: Reads::of(playbook),
            limits: alphabet.limits.clone(),
            max_tasks: playbook.limits().max_tasks,
        };
        Search {
            alphabet,
            keys,
            playbook: Arc::new(playbook.clone()),
            nodes: Vec::new(),
            ghosts: Vec::new(),
            seen: HashMap::default(),
            edges: Vec::new(),
            transitions: 0,
            attempts: 0,
            cases: [0; INVARIANTS],
            witnesses: (0..INVARIANTS).map(|_| None).collect(),
            moves: [[0; 8]; 8],
            guards: [[0; 32]; 8],
        }
    }

    /// Whether the playbook claims the invariant.
    fn claims(&self, invariant: Invariant) -> bool {
        match invariant {
            Invariant::EveryStageReachable | Invariant::NoCloseWithoutFollowUp | Invariant::NoDeadEnd => true,
            Invariant::NoAgreementWithoutApology => self.playbook.rule_is_on(RuleId::ApologyBeforeRemedy),
            Invariant::Rule(rule) => self.playbook.rule_is_on(rule),
        }
    }

    fn run(mut self) -> Verification {
        let opened: Timestamp = "2026-01-05T09:00:00Z".parse().unwrap_or(Timestamp::UNIX_EPOCH);
        let t = &self.alphabet.texts;
        let open: Action = Open::new(
            opened,
            self.alphabet.staff.clone(),
            t.fit("A customer"),
            t.fit("The order arrived late and damaged"),
        )
        .into();
        let Ok(root) = Complaint::open(open.clone(), Arc::clone(&self.playbook)) else {
            // The opening is valid input under any playbook: its texts fit the limit and it holds
            // no money. Should that ever change, nothing is reachable, and the report says so.
            return self.finish();
        };
        let ghost = Ghost::default();
        self.seen.insert(self.keys.key(root.facts(), ghost), 0);
        self.nodes.push(Node {
            parent: u32::MAX,
            action: Some(open),
            depth: 0,
            stage: root.stage(),
        });
        self.ghosts.push(ghost);

        let mut layer = vec![(0u32, root)];
        let mut depth = 0i64;
        while !layer.is_empty() {
            // Every complaint in a layer has the same history length, and its last event is at
            // most a minute before `at`.
            depth += 1;
            let at = opened + SignedDuration::from_mins(depth);
            let (head, tail) = self.alphabet.layer(at, &self.playbook);
            let mut next = Vec::new();
            for (id, complaint) in &layer {
                let tasks = self.alphabet.tasks(at, complaint.facts());
                for probe in head.iter().chain(&tasks).chain(&tail) {
                    if let Some(found) = self.attempt(*id, complaint, probe) {
                        next.push(found);
                    }
                }
            }
            layer = next;
        }
        self.finish()
    }

    /// Tries one action on one state; returns the state it leads to if that one is new.
    fn attempt(&mut self, id: u32, complaint: &Complaint, probe: &Probe) -> Option<(u32, Complaint)> {
        self.attempts += 1;
        let facts = complaint.facts();
        let ghost = self.ghosts[id as usize];
        let kind = probe.action.kind();
        let from = facts.stage;
        let forbidden = self.forbidden(facts, ghost, complaint.last_at(), probe);
        for invariant in members(forbidden) {
            self.cases[invariant.index()] += 1;
        }
        // What `apply` decides, without copying the complaint: it runs exactly these checks.
        if let Err(error) = complaint.verdict(&probe.action) {
            if let Some(rule) = error.rule() {
                self.guards[from as usize][kind as usize] |= 1 << rule.number();
            }
            return None;
        }
        self.transitions += 1;
        // What `apply` then records: the facts it advances. A new state is reached by `apply`
        // itself, on a copy.
        let mut after = facts.clone();
        after.advance(&probe.action);
        let to = after.stage;
        self.moves[from as usize][to as usize] |= 1 << kind.number();
        for invariant in members(forbidden) {
            self.witness(invariant, id, Some(&probe.action), to, || {
                accepted_detail(invariant, kind, from)
            });
        }
        let out_of_order = Invariant::Rule(RuleId::OutOfOrder);
        if let Some(expected) = workflow(facts, &probe.action) {
            if expected != to {
                self.witness(out_of_order, id, Some(&probe.action), to, || {
                    format!("{kind} moved the case from {from} to {to}; the workflow moves it to {expected}")
                });
            }
        }
        let rounds = |s: Stage| matches!(s, Stage::Listening | Stage::Understood | Stage::Resolving);
        if !rounds(from) && rounds(to) && after.round != Round::default() {
            self.witness(out_of_order, id, Some(&probe.action), to, || {
                format!("{kind} moved the case from {from} to {to} without starting a new round")
            });
        }
        let ghost = ghost.after(&probe.action);
        let key = self.keys.key(&after, ghost);
        if let Some(&known) = self.seen.get(&key) {
            if known != id {
                self.edges.push((id, known));
            }
            return None;
        }
        let mut next = complaint.clone();
        next.apply(probe.action.clone()).ok()?;
        let new = self.nodes.len() as u32;
        self.seen.insert(key, new);
        self.nodes.push(Node {
            parent: id,
            action: Some(probe.action.clone()),
            depth: self.nodes[id as usize].depth + 1,
            stage: to,
        });
        self.ghosts.push(ghost);
        self.edges.push((id, new));
        Some((new, next))
    }

    /// Records the first path found for an invariant.
    fn witness(
        &mut self,
        invariant: Invariant,
        node: u32,
        action: Option<&Action>,
        stage: Stage,
        detail: impl FnOnce() -> String,
    ) {
        let slot = &mut self.witnesses[invariant.index()];
        if slot.is_none() {
            *slot = Some(Witness {
                node,
                action: action.cloned(),
                stage,
                detail: detail(),
            });
        }
    }

    /// The invariants whose forbidden case this attempt is, as bits of their positions. Stated
    /// over the facts before the attempt and the action, on their own: the rule table of DESIGN,
    /// not the rule book's code.
    fn forbidden(&self, f: &Facts, ghost: Ghost, last_at: Timestamp, probe: &Probe) -> u32 {
        use ActionKind as K;
        use RuleId as R;
        let action = &probe.action;
        let kind = action.kind();
        let playbook = &self.playbook;
        let round = &f.round;
        let over = |by: &Actor| {
            let limit = playbook.authority_of(by.role());
            round
                .proposal()
                .is_some_and(|p| limit.is_some_and(|l| p.amount > l))
        };
        let mut set = 0u32;
        let mut when = |rule: RuleId, broken: bool| {
            if broken {
                set |= bit(rule);
            }
        };
        when(R::TimeOrder, action.at() < last_at);
        when(
            R::ClosedIsFinal,
            f.stage == Stage::Closed && !matches!(kind, K::Reopen | K::Note | K::Prevention),
        );
        when(
            R::ListenFirst,
            !f.listened && !matches!(kind, K::Listen | K::Thank | K::Apologize | K::Note | K::Escalate),
        );
        when(R::OutOfOrder, workflow(f, action).is_none());
        match action {
            Action::Apologize { .. } => {
                when(R::ListenBeforeApology, !f.listened);
                when(R::DiagnoseBeforeApology, !f.diagnosed);
                when(R::SincereApology, probe.tag != Tag::Plain);
            }
            Action::Ask { .. } => when(R::RestateBeforeResolving, !f.confirmed),
            Action::Offer {
                reason, too_upset, ..
            } => {
                let upset_ok = *too_upset && playbook.allow_too_upset_offers();
                when(R::RestateBeforeResolving, !f.confirmed);
                when(R::ApologyBeforeRemedy, !f.apologized);
                when(
                    R::AskCustomerFirst,
                    !round.asked && !round.no_request && !upset_ok,
                );
                when(
                    R::CounterOfferNeedsReason,
                    round.request.is_some() && reason.is_none(),
                );
            }
            Action::Agree { by, .. } => {
                when(R::ApologyBeforeRemedy, !f.apologized);
                when(
                    R::AuthorityLimit,
                    over(by) && !round.proposal().is_some_and(|p| p.approved),
                );
            }
            Action::Approve { by, .. } => when(R::AuthorityLimit, over(by)),
            Action::SuspectBadFaith { .. } => when(R::BadFaithNeedsEvidence, probe.tag == Tag::Empty),
            Action::StandFirm { .. } => when(R::StandFirmNeedsBadFaith, !f.bad_faith),
            Action::Plan { .. } => when(R::AgreementBeforeAction, !round.agreed),
            Action::FollowUp { .. } => {
                when(
                    R::TasksBeforeFollowUp,
                    matches!(f.stage, Stage::Agreed | Stage::Acting),
                );
            }
            Action::Close { outcome, .. } => {
                when(R::FollowUpBeforeClose, !f.followed_up);
                when(
                    R::SatisfiedToResolve,
                    *outcome == Outcome::Resolved && f.last_follow_up != Some(FollowUpResult::Satisfied),
                );
                when(R::ThankBeforeClose, !f.thanked);
                when(R::RootCauseBeforeClose, !f.diagnosed);
                when(R::PreventionBeforeClose, !f.customer_prevention);
            }
            _ => {}
        }
        if kind == K::Agree && !ghost.apologised {
            set |= 1 << Invariant::NoAgreementWithoutApology.index();
        }
        if kind == K::Close && ghost.unfollowed_agreement {
            set |= 1 << Invariant::NoCloseWithoutFollowUp.index();
        }
        set
    }

    /// The path from the opening to a node, then `last` if given.
    fn path(&self, node: u32, last: Option<&Action>) -> Vec<Action> {
        let mut actions: VecDeque<Action> = last.cloned().into_iter().collect();
        let mut at = node;
        while at != u32::MAX {
            let n = &self.nodes[at as usize];
            if let Some(action) = &n.action {
                actions.push_front(action.clone());
            }
            at = n.parent;
        }
        actions.into()
    }

    /// Checks the invariants over the whole state graph, and writes the report.
    fn finish(mut self) -> Verification {
        let mut reached: [Option<usize>; 8] = [None; 8];
        for node in &self.nodes {
            let slot = &mut reached[node.stage as usize];
            if slot.is_none() {
                *slot = Some(node.depth as usize);
            }
        }
        self.cases[Invariant::EveryStageReachable.index()] = Stage::ALL.len();
        let unreachable: Vec<&str> = Stage::ALL
            .iter()
            .filter(|s| reached[**s as usize].is_none())
            .map(|s| s.as_str())
            .collect();
        if !unreachable.is_empty() {
            self.witnesses[Invariant::EveryStageReachable.index()] = Some(Witness {
                node: u32::MAX,
                action: None,
                stage: Stage::Open,
                detail: format!("nothing reaches {}", unreachable.join(", ")),
            });
        }
        self.dead_ends();
        let invariants = Invariant::all().map(|i| self.finding(i)).collect::<Vec<_>>();
        let proven = invariants.iter().all(|f| f.status != Status::Broken);
        let stages = Stage::ALL
            .iter()
            .map(|s| StageReach {
                stage: *s,
                depth: reached[*s as usize],
            })
            .collect();
        let diagram = Diagram::from_search(&self.playbook, &reached, &self.moves, &self.guards);
        Verification {
            playbook: self.playbook.name().to_string(),
            proven,
            states: self.nodes.len(),
            transitions: self.transitions,
            attempts: self.attempts,
            depth: self.nodes.iter().map(|n| n.depth as usize).max().unwrap_or(0),
            bounds: Bounds {
                pending_tasks: TASK_BOUND,
                task_budget: TASK_BOUND,
                max_tasks: self.playbook.limits().max_tasks,
                max_events: self.playbook.limits().max_events,
                amounts: self.alphabet.amounts.clone(),
                roles: self
                    .alphabet
                    .deciders
                    .iter()
                    .map(|a| a.role().to_string())
                    .collect(),
            },
            stages,
            invariants,
            diagram,
        }
    }

    /// Finds the shallowest state from which `closed` is out of reach within the events the
    /// playbook still allows.
    fn dead_ends(&mut self) {
        let n = self.nodes.len();
        // Predecessors of each node, as a compressed adjacency list.
        let mut start = vec![0u32; n + 1];
        for (_, to) in &self.edges {
            start[*to as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut preds = vec![0u32; self.edges.len()];
        for (from, to) in &self.edges {
            preds[fill[*to as usize] as usize] = *from;
            fill[*to as usize] += 1;
        }
        let mut distance = vec![u32::MAX; n];
        let mut queue = VecDeque::new();
        for (i, node) in self.nodes.iter().enumerate() {
            if node.stage == Stage::Closed {
                distance[i] = 0;
                queue.push_back(i);
            }
        }
        while let Some(i) = queue.pop_front() {
            for p in &preds[start[i] as usize..start[i + 1] as usize] {
                if distance[*p as usize] == u32::MAX {
                    distance[*p as usize] = distance[i] + 1;
                    queue.push_back(*p as usize);
                }
            }
        }
        let max_events = self.playbook.limits().max_events;
        let mut open_states = 0;
        let mut first = None;
        for (i, node) in self.nodes.iter().enumerate() {
            if node.stage == Stage::Closed {
                continue;
            }
            open_states += 1;
            // The history holds the open and `depth` more events.
            let left = max_events.saturating_sub(node.depth as usize + 1);
            let away = distance[i];
            if (away == u32::MAX || away as usize > left) && first.is_none() {
                let detail = if away == u32::MAX {
                    format!("from this state in stage {}, no path reaches closed", node.stage)
                } else {
                    format!(
                        "from this state in stage {}, closed is {away} events away but the playbook allows {left} more",
                        node.stage
                    )
                };
                first = Some(Witness {
                    node: i as u32,
                    action: None,
                    stage: node.stage,
                    detail,
                });
            }
        }
        self.cases[Invariant::NoDeadEnd.index()] = open_states;
        self.witnesses[Invariant::NoDeadEnd.index()] = first;
    }

    fn finding(&self, invariant: Invariant) -> Finding {
        let index = invariant.index();
        let cases = self.cases[index];
        let claimed = self.claims(invariant);
        let witness = self.witnesses[index].as_ref();
        let counterexample = witness.filter(|w| w.node != u32::MAX).map(|w| Counterexample {
            stage: w.stage,
            actions: self.path(w.node, w.action.as_ref()),
        });
        let (status, detail) = match (claimed, witness) {
            (true, None) => (Status::Proven, proven_detail(invariant, cases)),
            (true, Some(w)) => (Status::Broken, w.detail.clone()),
            (false, found) => {
                let off = match invariant {
                    Invariant::NoAgreementWithoutApology => RuleId::ApologyBeforeRemedy,
                    Invariant::Rule(rule) => rule,
                    // Always claimed.
                    _ => RuleId::OutOfOrder,
                };
                let detail = match found {
                    Some(w) => format!("{off} is off: {}", w.detail),
                    None => format!("{off} is off; nothing the search tried does what it refuses"),
                };
                (Status::NotApplicable, detail)
            }
        };
        Finding {
            invariant,
            status,
            cases,
            detail,
            counterexample,
        }
    }
}

/// Why an accepted action breaks an invariant.
fn accepted_detail(invariant: Invariant, kind: ActionKind, from: Stage) -> String {
    match invariant {
        Invariant::NoAgreementWithoutApology => {
            format!("agree was accepted in stage {from} though nobody has apologised")
        }
        Invariant::NoCloseWithoutFollowUp => {
            format!("close was accepted in stage {from} with no follow-up since the latest agreement")
        }
        Invariant::Rule(RuleId::OutOfOrder) => {
            format!("{kind} was accepted in stage {from}, a move the workflow does not have")
        }
        Invariant::Rule(rule) => format!("{kind} was accepted in stage {from} ({})", rule.description()),
        _ => format!("{kind} was accepted in stage {from}"),
    }
}

/// What a proven invariant's detail says.
fn proven_detail(invariant: Invariant, cases: usize) -> String {
    match invariant {
        Invariant::EveryStageReachable => format!("all {cases} stages reached"),
        Invariant::NoDeadEnd => format!("closed is within reach of all {cases} open states"),
        _ if cases == 0 => "nothing the search tried is a case of it".into(),
        _ => format!("all {cases} attempts it forbids were refused"),
    }
}
