//! The rule book: every rule's stable id, and the one function that checks them in order.

use crate::action::{is_blank, Action, ActionKind, FollowUpResult, Money, Outcome};
use crate::complaint::Facts;
use crate::error::Violation;
use crate::names::named_enum;
use crate::playbook::Playbook;
use crate::stage::Stage;
use jiff::Timestamp;

named_enum! {
    /// The stable id of a rule. The order is the order rules are checked in after `out-of-order`
    /// (the first four are checked before it, in the order listed).
    pub enum RuleId ("rule id") {
        /// An action dated before the previous event.
        TimeOrder = "time-order",
        /// Anything but reopen, note, prevention on a closed complaint.
        ClosedIsFinal = "closed-is-final",
        /// Anything but listen, thank, apologize, note, escalate before the first `listen`.
        ListenFirst = "listen-first",
        /// An apology before the first `listen`.
        ListenBeforeApology = "listen-before-apology",
        /// An apology before a `diagnose`.
        DiagnoseBeforeApology = "diagnose-before-apology",
        /// Ask, or an offer, before the customer confirmed the latest restatement.
        RestateBeforeResolving = "restate-before-resolving",
        /// Offer or agree before any apology.
        ApologyBeforeRemedy = "apology-before-remedy",
        /// An apology that is empty or holds a deflecting phrase.
        SincereApology = "sincere-apology",
        /// Staff's offer before `ask` in this round.
        AskCustomerFirst = "ask-customer-first",
        /// A counter-offer to an open request without a reason.
        CounterOfferNeedsReason = "counter-offer-needs-reason",
        /// Agreeing or approving beyond one's authority.
        AuthorityLimit = "authority-limit",
        /// A bad-faith suspicion with no evidence.
        BadFaithNeedsEvidence = "bad-faith-needs-evidence",
        /// Standing firm with no bad-faith suspicion recorded.
        StandFirmNeedsBadFaith = "stand-firm-needs-bad-faith",
        /// A plan before an agreement.
        AgreementBeforeAction = "agreement-before-action",
        /// A follow-up before the remedy is carried out.
        TasksBeforeFollowUp = "tasks-before-follow-up",
        /// Closing with no follow-up since the latest agree, stand_firm or reopen.
        FollowUpBeforeClose = "follow-up-before-close",
        /// Closing as resolved unless the latest follow-up was satisfied.
        SatisfiedToResolve = "satisfied-to-resolve",
        /// Closing before the customer was thanked.
        ThankBeforeClose = "thank-before-close",
        /// Closing before a diagnosis.
        RootCauseBeforeClose = "root-cause-before-close",
        /// Closing before asking the customer how it could have been avoided.
        PreventionBeforeClose = "prevention-before-close",
        /// A move the stage does not allow.
        OutOfOrder = "out-of-order",
    }
}

impl RuleId {
    /// What the rule refuses, in one line.
    pub const fn description(self) -> &'static str {
        match self {
            RuleId::TimeOrder => "an action dated before the previous event",
            RuleId::ClosedIsFinal => "anything but reopen, note, prevention on a closed complaint",
            RuleId::ListenFirst => {
                "anything but listen, thank, apologize, note, escalate before the first listen"
            }
            RuleId::ListenBeforeApology => "an apology before the first listen",
            RuleId::DiagnoseBeforeApology => "an apology before a diagnosis",
            RuleId::RestateBeforeResolving => {
                "ask, or an offer, before the customer confirmed the latest restatement"
            }
            RuleId::ApologyBeforeRemedy => "offer or agree before any apology",
            RuleId::SincereApology => "an apology that is empty or holds a deflecting phrase",
            RuleId::AskCustomerFirst => "staff's offer before asking the customer in this round",
            RuleId::CounterOfferNeedsReason => {
                "an offer made while the customer's request is open, without a reason"
            }
            RuleId::AuthorityLimit => "agreeing to or approving a remedy beyond one's authority",
            RuleId::BadFaithNeedsEvidence => "a bad-faith suspicion with empty evidence",
            RuleId::StandFirmNeedsBadFaith => "standing firm with no bad-faith suspicion recorded",
            RuleId::AgreementBeforeAction => "a plan before an agreement",
            RuleId::TasksBeforeFollowUp => "a follow-up before the remedy is carried out",
            RuleId::FollowUpBeforeClose => {
                "closing with no follow-up since the latest agree, stand_firm or reopen"
            }
            RuleId::SatisfiedToResolve => "closing as resolved unless the latest follow-up was satisfied",
            RuleId::ThankBeforeClose => "closing before the customer was thanked",
            RuleId::RootCauseBeforeClose => "closing before a diagnosis",
            RuleId::PreventionBeforeClose => {
                "closing before asking the customer how it could have been avoided"
            }
            RuleId::OutOfOrder => "a move the stage does not allow",
        }
    }

    /// The rules every preset keeps on.
    pub const ALWAYS_IN_PRESETS: &'static [RuleId] = &[
        RuleId::TimeOrder,
        RuleId::ClosedIsFinal,
        RuleId::ListenFirst,
        RuleId::OutOfOrder,
        RuleId::TasksBeforeFollowUp,
        RuleId::FollowUpBeforeClose,
        RuleId::SatisfiedToResolve,
        RuleId::AgreementBeforeAction,
        RuleId::AuthorityLimit,
    ];
}

/// Where the judge stops: at the first refusal (apply) or never (check).
pub(crate) struct Stop;

/// Collects refusals. Rules the playbook turned off are never recorded.
pub(crate) struct Judge<'p> {
    playbook: &'p Playbook,
    every: bool,
    pub(crate) found: Vec<Violation>,
}

impl<'p> Judge<'p> {
    /// A judge that stops at the first refusal.
    pub(crate) fn first(playbook: &'p Playbook) -> Self {
        Judge {
            playbook,
            every: false,
            found: Vec::new(),
        }
    }

    /// A judge that records every refusal.
    pub(crate) fn every(playbook: &'p Playbook) -> Self {
        Judge {
            playbook,
            every: true,
            found: Vec::with_capacity(4),
        }
    }

    /// Records a refusal by `rule` when `broken` and the rule is on.
    fn check(&mut self, rule: RuleId, broken: bool, message: impl FnOnce() -> String) -> Result<(), Stop> {
        if !broken || !self.playbook.rule_is_on(rule) {
            return Ok(());
        }
        self.found.push(Violation::new(rule, message()));
        if self.every {
            Ok(())
        } else {
            Err(Stop)
        }
    }
}

/// Checks `action` against every rule, in the documented order: `time-order`, `closed-is-final`,
/// `listen-first`, `out-of-order`, then the rule table's order. One line per rule.
pub(crate) fn judge(
    facts: &Facts,
    last_at: Timestamp,
    action: &Action,
    j: &mut Judge<'_>,
) -> Result<(), Stop> {
    use ActionKind as K;
    let kind = action.kind();
    let playbook = j.playbook;
    let round = &facts.round;
    let is = |k: ActionKind| kind == k;

    j.check(RuleId::TimeOrder, action.at() < last_at, || {
        format!(
            "{kind} is dated {}, before the previous event at {}",
            action.at(),
            last_at
        )
    })?;
    j.check(
        RuleId::ClosedIsFinal,
        facts.stage == Stage::Closed && !matches!(kind, K::Reopen | K::Note | K::Prevention),
        || format!("the complaint is closed: {kind} needs it reopened first"),
    )?;
    j.check(
        RuleId::ListenFirst,
        !facts.listened && !matches!(kind, K::Listen | K::Thank | K::Apologize | K::Note | K::Escalate),
        || format!("listen to the customer's story before {kind}"),
    )?;
    if let Some(why) = out_of_order(facts, action) {
        j.check(RuleId::OutOfOrder, true, || why)?;
    }

    j.check(
        RuleId::ListenBeforeApology,
        is(K::Apologize) && !facts.listened,
        || {
            "listen to the customer before apologising: an apology before hearing them out rings hollow"
                .into()
        },
    )?;
    j.check(
        RuleId::DiagnoseBeforeApology,
        is(K::Apologize) && !facts.diagnosed,
        || "find the root of the problem (diagnose) before apologising".into(),
    )?;
    j.check(
        RuleId::RestateBeforeResolving,
        (is(K::Ask) || is(K::Offer)) && !facts.confirmed,
        || format!("restate the problem and have the customer confirm it before {kind}"),
    )?;
    j.check(
        RuleId::ApologyBeforeRemedy,
        (is(K::Offer) || is(K::Agree)) && !facts.apologized,
        || format!("apologise before {kind}"),
    )?;
    if let Action::Apologize { statement, .. } = action {
        j.check(RuleId::SincereApology, is_blank(statement), || {
            "the apology says nothing".into()
        })?;
        if let Some(phrase) = playbook.deflecting_phrase(statement) {
            j.check(RuleId::SincereApology, true, || {
                format!("the apology deflects with \"{phrase}\": apologise without excuses")
            })?;
        }
    }
    if let Action::Offer {
        too_upset, reason, ..
    } = action
    {
        let upset_ok = *too_upset && playbook.allow_too_upset_offers();
        j.check(RuleId::AskCustomerFirst, !round.asked && !round.no_request && !upset_ok, || {
            if *too_upset {
                "ask the customer what would make it right first: this playbook allows no too_upset offers".into()
            } else {
                "ask the customer what would make it right before offering a remedy".into()
            }
        })?;
        j.check(
            RuleId::CounterOfferNeedsReason,
            round.request.is_some() && reason.is_none(),
            || "the customer's request is open: say why a counter-offer is made instead".into(),
        )?;
    }
    if let (Action::Agree { by, .. } | Action::Approve { by, .. }, Some(p)) = (action, round.proposal()) {
        let limit = playbook.authority_of(by.role());
        let over = limit.is_some_and(|l| p.amount > l);
        let worth = |amount| Money::new(amount, playbook.currency());
        let (blocked, then) = match kind {
            K::Agree => (
                over && !p.approved,
                "have someone with the authority approve it first",
            ),
            _ => (over, "approval needs a role whose limit covers it"),
        };
        j.check(RuleId::AuthorityLimit, blocked, || {
            format!(
                "the proposal is worth {}, over the {} limit of {}: {then}",
                worth(p.amount),
                by.role(),
                worth(limit.unwrap_or(0))
            )
        })?;
    }
    if let Action::SuspectBadFaith { evidence, .. } = action {
        j.check(RuleId::BadFaithNeedsEvidence, is_blank(evidence), || {
            "record the evidence: assume good faith unless there is some".into()
        })?;
    }
    j.check(
        RuleId::StandFirmNeedsBadFaith,
        is(K::StandFirm) && !facts.bad_faith,
        || "standing firm needs a recorded bad-faith suspicion: otherwise make a counter-offer".into(),
    )?;
    j.check(
        RuleId::AgreementBeforeAction,
        is(K::Plan) && !round.agreed,
        || "agree on a remedy with the customer before planning how to carry it out".into(),
    )?;
    j.check(
        RuleId::TasksBeforeFollowUp,
        is(K::FollowUp) && matches!(facts.stage, Stage::Agreed | Stage::Acting),
        || "carry out the agreed remedy (finish every task) before following up".into(),
    )?;
    if let Action::Close { outcome, .. } = action {
        j.check(RuleId::FollowUpBeforeClose, !facts.followed_up, || {
            "follow up with the customer before closing".into()
        })?;
        j.check(
            RuleId::SatisfiedToResolve,
            *outcome == Outcome::Resolved && facts.last_follow_up != Some(FollowUpResult::Satisfied),
            || "a case closes as resolved only after a follow-up found the customer satisfied".into(),
        )?;
        j.check(RuleId::ThankBeforeClose, !facts.thanked, || {
            "thank the customer for raising the problem before closing".into()
        })?;
        j.check(RuleId::RootCauseBeforeClose, !facts.diagnosed, || {
            "diagnose the root cause before closing, so it does not happen again".into()
        })?;
        j.check(RuleId::PreventionBeforeClose, !facts.customer_prevention, || {
            "ask the customer how the problem could have been avoided before closing".into()
        })?;
    }
    Ok(())
}

/// The moves the stage can never take, with a message saying which; `None` when the stage allows
/// the move (or another rule owns the case).
fn out_of_order(facts: &Facts, action: &Action) -> Option<String> {
    use Stage as S;
    let stage = facts.stage;
    let kind = action.kind();
    let needs = |stages: &str| format!("{kind} is not possible in stage {stage}: it needs {stages}");
    match action {
        Action::Open(_) => Some("the complaint is already open".into()),
        Action::Listen { .. }
        | Action::Thank { .. }
        | Action::Apologize { .. }
        | Action::Diagnose { .. }
        | Action::SuspectBadFaith { .. }
        | Action::Escalate { .. }
        | Action::Note { .. }
        | Action::Prevention { .. } => None,
        Action::Close { .. } => (stage == S::Closed).then(|| "the complaint is already closed".into()),
        Action::Restate { .. } => {
            (!matches!(stage, S::Listening | S::Understood)).then(|| needs("listening or understood"))
        }
        Action::Confirm { .. } | Action::Correct { .. } => {
            if stage != S::Listening {
                Some(needs("listening with a restatement to answer"))
            } else if !facts.restatement_pending {
                Some(format!(
                    "{kind} needs a restatement awaiting the customer's answer: nothing is restated"
                ))
            } else {
                None
            }
        }
        Action::Ask { .. } | Action::Offer { .. } => {
            (!matches!(stage, S::Listening | S::Understood | S::Resolving))
                .then(|| needs("listening, understood or resolving"))
        }
        Action::Request { .. } | Action::NoRequest { .. } | Action::StandFirm { .. } => {
            (stage != S::Resolving).then(|| needs("resolving"))
        }
        Action::Approve { .. } | Action::Agree { .. } => {
            if stage != S::Resolving {
                Some(needs("resolving with an open proposal"))
            } else if facts.round.proposal().is_none() {
                Some(format!(
                    "{kind} needs an open proposal: nothing is offered or requested"
                ))
            } else {
                None
            }
        }
        Action::Decline { .. } => {
            if stage != S::Resolving {
                Some(needs("resolving with an open offer"))
            } else if facts.round.offer.is_none() {
                Some("decline needs an open offer: nothing is offered".into())
            } else {
                None
            }
        }
        Action::Plan { .. } => match stage {
            S::Open | S::Closed => Some(needs("agreed, acting or following_up")),
            S::FollowingUp if facts.followed_up => {
                Some("plan is not possible after the follow-up: a new round needs a new agreement".into())
            }
            _ => None,
        },
        Action::Done { task_id, .. } => {
            if stage != S::Acting {
                Some(needs("acting"))
            } else {
                match facts.task(*task_id) {
                    None => Some(format!("task {task_id} does not exist")),
                    Some(t) if t.done => Some(format!("task {task_id} is already done")),
                    Some(_) => None,
                }
            }
        }
        Action::FollowUp { .. } => {
            matches!(stage, S::Open | S::Closed).then(|| needs("a stage between listening and following_up"))
        }
        Action::Reopen { .. } => (stage != S::Closed).then(|| "only a closed case can be reopened".into()),
    }
}
