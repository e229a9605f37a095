//! A hand-written complaint workflow for the same scenario, without any rules library: its own
//! `Stage` and `Act` enums, a `match (stage, act)` transition function over a few boolean facts, and
//! the events kept in a `Vec`. It carries the same payload as `amends` (timestamps, who, texts,
//! money) so that preparing, moving and storing the actions costs the same on both sides; what it
//! leaves out is what the library adds: input validation, the apology phrase scan, playbook
//! switches, authority limits and refusal messages.

#![allow(dead_code)] // the payload is stored, as an audit trail would, but never read back

use amends::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Open,
    Listening,
    Understood,
    Resolving,
    Agreed,
    Acting,
    FollowingUp,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub id: Box<str>,
    pub role: Box<str>,
}

impl Who {
    pub fn agent(id: &str) -> Who {
        Who {
            id: id.into(),
            role: "agent".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    Open {
        at: Timestamp,
        by: Who,
        customer: Box<str>,
        summary: Box<str>,
        id: Option<Box<str>>,
        channel: Option<Box<str>>,
        category: Option<Box<str>>,
        value_at_stake: Option<u64>,
    },
    Listen {
        at: Timestamp,
        by: Who,
        account: Box<str>,
    },
    Restate {
        at: Timestamp,
        by: Who,
        summary: Box<str>,
    },
    Confirm {
        at: Timestamp,
        by: Who,
    },
    Thank {
        at: Timestamp,
        by: Who,
        statement: Box<str>,
    },
    Apologize {
        at: Timestamp,
        by: Who,
        statement: Box<str>,
    },
    Diagnose {
        at: Timestamp,
        by: Who,
        root_cause: Box<str>,
        category: Box<str>,
    },
    Ask {
        at: Timestamp,
        by: Who,
    },
    Request {
        at: Timestamp,
        by: Who,
        amount: u64,
        description: Box<str>,
    },
    Agree {
        at: Timestamp,
        by: Who,
    },
    Plan {
        at: Timestamp,
        by: Who,
        task: Box<str>,
        due: Timestamp,
    },
    Done {
        at: Timestamp,
        by: Who,
        task_id: u32,
    },
    FollowUp {
        at: Timestamp,
        by: Who,
        satisfied: bool,
    },
    Prevention {
        at: Timestamp,
        by: Who,
        from_customer: bool,
        idea: Option<Box<str>>,
    },
    Close {
        at: Timestamp,
        by: Who,
        resolved: bool,
    },
}

impl Act {
    fn at(&self) -> Timestamp {
        match self {
            Act::Open { at, .. }
            | Act::Listen { at, .. }
            | Act::Restate { at, .. }
            | Act::Confirm { at, .. }
            | Act::Thank { at, .. }
            | Act::Apologize { at, .. }
            | Act::Diagnose { at, .. }
            | Act::Ask { at, .. }
            | Act::Request { at, .. }
            | Act::Agree { at, .. }
            | Act::Plan { at, .. }
            | Act::Done { at, .. }
            | Act::FollowUp { at, .. }
            | Act::Prevention { at, .. }
            | Act::Close { at, .. } => *at,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    TimeOrder,
    ClosedIsFinal,
    ListenFirst,
    OutOfOrder,
    RestateBeforeResolving,
    ApologyBeforeRemedy,
    AgreementBeforeAction,
    TasksBeforeFollowUp,
    FollowUpBeforeClose,
    SatisfiedToResolve,
    ThankBeforeClose,
    RootCauseBeforeClose,
    PreventionBeforeClose,
}

#[derive(Debug)]
pub struct Event {
    pub act: Act,
    pub seq: u64,
    pub stage: Stage,
    pub task_id: Option<u32>,
}

#[derive(Debug)]
pub struct Case {
    stage: Stage,
    last_at: Timestamp,
    listened: bool,
    restated: bool,
    confirmed: bool,
    thanked: bool,
    apologized: bool,
    diagnosed: bool,
    proposal: bool,
    agreed: bool,
    followed_up: bool,
    satisfied: bool,
    prevention: bool,
    tasks: Vec<bool>,
    events: Vec<Event>,
}

impl Case {
    pub fn open(act: Act) -> Result<Case, Refusal> {
        if !matches!(act, Act::Open { .. }) {
            return Err(Refusal::OutOfOrder);
        }
        let mut events = Vec::with_capacity(16);
        let last_at = act.at();
        events.push(Event {
            act,
            seq: 1,
            stage: Stage::Open,
            task_id: None,
        });
        Ok(Case {
            stage: Stage::Open,
            last_at,
            listened: false,
            restated: false,
            confirmed: false,
            thanked: false,
            apologized: false,
            diagnosed: false,
            proposal: false,
            agreed: false,
            followed_up: false,
            satisfied: false,
            prevention: false,
            tasks: Vec::new(),
            events,
        })
    }

    pub fn stage(&self) -> Stage {
        self.stage
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn apply(&mut self, act: Act) -> Result<&Event, Refusal> {
        let next = self.transition(&act)?;
        self.last_at = act.at();
        let task_id = match &act {
            Act::Listen { .. } => {
                self.listened = true;
                None
            }
            Act::Restate { .. } => {
                self.restated = true;
                self.confirmed = false;
                None
            }
            Act::Confirm { .. } => {
                self.restated = false;
                self.confirmed = true;
                None
            }
            Act::Thank { .. } => {
                self.thanked = true;
                None
            }
            Act::Apologize { .. } => {
                self.apologized = true;
                None
            }
            Act::Diagnose { .. } => {
                self.diagnosed = true;
                None
            }
            Act::Request { .. } => {
                self.proposal = true;
                None
            }
            Act::Agree { .. } => {
                self.agreed = true;
                self.followed_up = false;
                None
            }
            Act::Plan { .. } => {
                self.tasks.push(false);
                Some(self.tasks.len() as u32)
            }
            Act::Done { task_id, .. } => {
                self.tasks[*task_id as usize - 1] = true;
                None
            }
            Act::FollowUp { satisfied, .. } => {
                self.followed_up = true;
                self.satisfied = *satisfied;
                None
            }
            Act::Prevention { from_customer, .. } => {
                self.prevention |= *from_customer;
                None
            }
            Act::Open { .. } | Act::Ask { .. } | Act::Close { .. } => None,
        };
        self.stage = next;
        let seq = self.events.len() as u64 + 1;
        self.events.push(Event {
            act,
            seq,
            stage: next,
            task_id,
        });
        Ok(&self.events[self.events.len() - 1])
    }

    /// The stage after `act`, or why it is refused.
    fn transition(&self, act: &Act) -> Result<Stage, Refusal> {
        use Stage as S;
        if act.at() < self.last_at {
            return Err(Refusal::TimeOrder);
        }
        if self.stage == S::Closed {
            return Err(Refusal::ClosedIsFinal);
        }
        if !self.listened
            && !matches!(
                act,
                Act::Listen { .. } | Act::Thank { .. } | Act::Apologize { .. }
            )
        {
            return Err(Refusal::ListenFirst);
        }
        match (self.stage, act) {
            (S::Open, Act::Listen { .. }) => Ok(S::Listening),
            (stage, Act::Listen { .. } | Act::Thank { .. } | Act::Diagnose { .. }) => Ok(stage),
            (stage, Act::Apologize { .. }) if self.listened => Ok(stage),
            (S::Listening | S::Understood, Act::Restate { .. }) => Ok(S::Listening),
            (S::Listening, Act::Confirm { .. }) if self.restated => Ok(S::Understood),
            (S::Listening | S::Understood | S::Resolving, Act::Ask { .. }) => {
                if self.confirmed {
                    Ok(S::Resolving)
                } else {
                    Err(Refusal::RestateBeforeResolving)
                }
            }
            (S::Resolving, Act::Request { .. }) => Ok(S::Resolving),
            (S::Resolving, Act::Agree { .. }) if self.proposal => {
                if self.apologized {
                    Ok(S::Agreed)
                } else {
                    Err(Refusal::ApologyBeforeRemedy)
                }
            }
            (S::Agreed | S::Acting, Act::Plan { .. }) => Ok(S::Acting),
            (S::FollowingUp, Act::Plan { .. }) if !self.followed_up => Ok(S::Acting),
            (S::Resolving | S::Listening | S::Understood, Act::Plan { .. }) => {
                Err(Refusal::AgreementBeforeAction)
            }
            (S::Acting, Act::Done { task_id, .. }) => {
                match self.tasks.get((*task_id as usize).wrapping_sub(1)) {
                    Some(false) => {
                        let last = self.tasks.iter().filter(|done| !**done).count() == 1;
                        Ok(if last { S::FollowingUp } else { S::Acting })
                    }
                    _ => Err(Refusal::OutOfOrder),
                }
            }
            (S::Agreed | S::Acting, Act::FollowUp { .. }) => Err(Refusal::TasksBeforeFollowUp),
            (S::FollowingUp, Act::FollowUp { satisfied: false, .. }) => Ok(S::Resolving),
            (stage, Act::FollowUp { .. }) => Ok(stage),
            (stage, Act::Prevention { .. }) => Ok(stage),
            (_, Act::Close { resolved, .. }) => {
                if !self.followed_up {
                    Err(Refusal::FollowUpBeforeClose)
                } else if *resolved && !self.satisfied {
                    Err(Refusal::SatisfiedToResolve)
                } else if !self.thanked {
                    Err(Refusal::ThankBeforeClose)
                } else if !self.diagnosed {
                    Err(Refusal::RootCauseBeforeClose)
                } else if !self.prevention {
                    Err(Refusal::PreventionBeforeClose)
                } else {
                    Ok(S::Closed)
                }
            }
            _ => Err(Refusal::OutOfOrder),
        }
    }
}

/// The same 16 actions as `common::actions`, in this implementation's types.
pub fn acts() -> Vec<Act> {
    use crate::common::at;
    let tim = || Who::agent("tim");
    vec![
        Act::Open {
            at: at(0),
            by: tim(),
            customer: "Acme Ltd".into(),
            summary: "Demo units arrived late".into(),
            id: Some("C-1042".into()),
            channel: Some("walk-in".into()),
            category: Some("delivery".into()),
            value_at_stake: Some(120_000),
        },
        Act::Listen {
            at: at(2),
            by: tim(),
            account: "The demo units came two days after the trade show, so Acme lost a sale.".into(),
        },
        Act::Restate {
            at: at(12),
            by: tim(),
            summary: "Our delivery missed the show and you lost the sale you were counting on.".into(),
        },
        Act::Confirm {
            at: at(13),
            by: tim(),
        },
        Act::Thank {
            at: at(14),
            by: tim(),
            statement: "Thank you for coming straight to me with this.".into(),
        },
        Act::Apologize {
            at: at(15),
            by: tim(),
            statement: "I am sorry the late delivery cost you that sale.".into(),
        },
        Act::Diagnose {
            at: at(20),
            by: tim(),
            root_cause: "The courier pickup was booked for the wrong week".into(),
            category: "logistics".into(),
        },
        Act::Ask {
            at: at(21),
            by: tim(),
        },
        Act::Request {
            at: at(25),
            by: tim(),
            amount: 4_000,
            description: "Refund the shipping and rush the next delivery free".into(),
        },
        Act::Agree {
            at: at(30),
            by: tim(),
        },
        Act::Plan {
            at: at(31),
            by: tim(),
            task: "Refund the shipping charge".into(),
            due: at(24 * 60),
        },
        Act::Done {
            at: at(7 * 60),
            by: tim(),
            task_id: 1,
        },
        Act::Close {
            at: at(7 * 60 + 5),
            by: tim(),
            resolved: true,
        },
        Act::FollowUp {
            at: at(2 * 24 * 60),
            by: tim(),
            satisfied: true,
        },
        Act::Prevention {
            at: at(2 * 24 * 60 + 10),
            by: tim(),
            from_customer: true,
            idea: Some("Send a shipping confirmation with a tracking link".into()),
        },
        Act::Close {
            at: at(2 * 24 * 60 + 15),
            by: tim(),
            resolved: true,
        },
    ]
}
