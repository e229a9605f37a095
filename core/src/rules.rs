//! The rule book: every rule's stable id, and the one function that checks them in order.

use crate::action::{Action, ActionKind, FollowUpResult, Money, Outcome};
use crate::complaint::Facts;
use crate::error::Violation;
use crate::names::named_enum;
use crate::playbook::Playbook;
use crate::stage::Stage;

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

    fn refuse(&mut self, rule: RuleId, message: impl FnOnce() -> String) -> Result<(), Stop> {
        if !self.playbook.rule_is_on(rule) {
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

/// Checks `action` against every rule, in DESIGN order, given what the complaint has seen.
pub(crate) fn judge(facts: &Facts, action: &Action, j: &mut Judge<'_>) -> Result<(), Stop> {
    use ActionKind as K;
    let kind = action.kind();
    let stage = facts.stage;
    let playbook = j.playbook;

    if action.at() < facts.last_at {
        j.refuse(RuleId::TimeOrder, || {
            format!(
                "{kind} is dated {}, before the previous event at {}",
                action.at(),
                facts.last_at
            )
        })?;
    }
    if stage == Stage::Closed && !matches!(kind, K::Reopen | K::Note | K::Prevention) {
        j.refuse(RuleId::ClosedIsFinal, || {
            format!("the complaint is closed: {kind} needs it reopened first")
        })?;
    }
    if !facts.listened && !matches!(kind, K::Listen | K::Thank | K::Apologize | K::Note | K::Escalate) {
        j.refuse(RuleId::ListenFirst, || {
            format!("listen to the customer's story before {kind}")
        })?;
    }
    if let Some(why) = out_of_order(facts, action) {
        j.refuse(RuleId::OutOfOrder, || why)?;
    }

    match action {
        Action::Apologize { statement, .. } => {
            if !facts.listened {
                j.refuse(RuleId::ListenBeforeApology, || {
                    "listen to the customer before apologising: an apology before hearing them out rings hollow".into()
                })?;
            }
            if !facts.diagnosed {
                j.refuse(RuleId::DiagnoseBeforeApology, || {
                    "find the root of the problem (diagnose) before apologising".into()
                })?;
            }
            if statement.trim().is_empty() {
                j.refuse(RuleId::SincereApology, || "the apology says nothing".into())?;
            } else if let Some(phrase) = playbook.deflecting_phrase(statement) {
                j.refuse(RuleId::SincereApology, || {
                    format!("the apology deflects with \"{phrase}\": apologise without excuses")
                })?;
            }
        }
        Action::Ask { .. } => {
            if !facts.confirmed {
                j.refuse(RuleId::RestateBeforeResolving, || {
                    "restate the problem and have the customer confirm it before asking for a remedy".into()
                })?;
            }
        }
        Action::Offer {
            too_upset, reason, ..
        } => {
            if !facts.confirmed {
                j.refuse(RuleId::RestateBeforeResolving, || {
                    "restate the problem and have the customer confirm it before offering a remedy".into()
                })?;
            }
            if !facts.apologized {
                j.refuse(RuleId::ApologyBeforeRemedy, || {
                    "apologise before offering a remedy".into()
                })?;
            }
            let round = &facts.round;
            let upset_ok = *too_upset && playbook.allow_too_upset_offers();
            if !round.asked && !round.no_request && !upset_ok {
                j.refuse(RuleId::AskCustomerFirst, || {
                    if *too_upset {
                        "ask the customer what would make it right first: this playbook does not allow too_upset offers".into()
                    } else {
                        "ask the customer what would make it right before offering a remedy".into()
                    }
                })?;
            }
            if round.request.is_some() && reason.is_none() {
                j.refuse(RuleId::CounterOfferNeedsReason, || {
                    "the customer's request is open: say why a counter-offer is made instead".into()
                })?;
            }
        }
        Action::Agree { by, .. } => {
            if !facts.apologized {
                j.refuse(RuleId::ApologyBeforeRemedy, || {
                    "apologise before agreeing to a remedy".into()
                })?;
            }
            if let Some(p) = facts.round.proposal() {
                let limit = playbook.authority_of(&by.role);
                if !p.approved && limit.is_some_and(|l| p.amount > l) {
                    j.refuse(RuleId::AuthorityLimit, || {
                        format!(
                            "the proposal is worth {}, over the {} limit of {}: have someone with the authority approve it first",
                            Money::new(p.amount, playbook.currency()),
                            by.role,
                            Money::new(limit.unwrap_or(0), playbook.currency())
                        )
                    })?;
                }
            }
        }
        Action::Approve { by, .. } => {
            if let Some(p) = facts.round.proposal() {
                let limit = playbook.authority_of(&by.role);
                if limit.is_some_and(|l| p.amount > l) {
                    j.refuse(RuleId::AuthorityLimit, || {
                        format!(
                            "the proposal is worth {}, over the {} limit of {}: a {} may not approve it",
                            Money::new(p.amount, playbook.currency()),
                            by.role,
                            Money::new(limit.unwrap_or(0), playbook.currency()),
                            by.role
                        )
                    })?;
                }
            }
        }
        Action::SuspectBadFaith { evidence, .. } => {
            if evidence.trim().is_empty() {
                j.refuse(RuleId::BadFaithNeedsEvidence, || {
                    "record the evidence: assume good faith unless there is some".into()
                })?;
            }
        }
        Action::StandFirm { .. } => {
            if !facts.bad_faith {
                j.refuse(RuleId::StandFirmNeedsBadFaith, || {
                    "standing firm needs a recorded bad-faith suspicion: otherwise make a counter-offer"
                        .into()
                })?;
            }
        }
        Action::Plan { .. } => {
            if !facts.round.agreed {
                j.refuse(RuleId::AgreementBeforeAction, || {
                    "agree on a remedy with the customer before planning how to carry it out".into()
                })?;
            }
        }
        Action::FollowUp { .. } => {
            if matches!(stage, Stage::Agreed | Stage::Acting) {
                j.refuse(RuleId::TasksBeforeFollowUp, || {
                    "carry out the agreed remedy (finish every task) before following up".into()
                })?;
            }
        }
        Action::Close { outcome, .. } => {
            if !facts.followed_up {
                j.refuse(RuleId::FollowUpBeforeClose, || {
                    "follow up with the customer before closing".into()
                })?;
            }
            if *outcome == Outcome::Resolved && facts.last_follow_up != Some(FollowUpResult::Satisfied) {
                j.refuse(RuleId::SatisfiedToResolve, || {
                    "a case closes as resolved only after a follow-up found the customer satisfied".into()
                })?;
            }
            if !facts.thanked {
                j.refuse(RuleId::ThankBeforeClose, || {
                    "thank the customer for raising the problem before closing".into()
                })?;
            }
            if !facts.diagnosed {
                j.refuse(RuleId::RootCauseBeforeClose, || {
                    "diagnose the root cause before closing, so it does not happen again".into()
                })?;
            }
            if !facts.customer_prevention {
                j.refuse(RuleId::PreventionBeforeClose, || {
                    "ask the customer how the problem could have been avoided before closing".into()
                })?;
            }
        }
        _ => {}
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
