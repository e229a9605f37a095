//! Deadlines: when each step was due, when it was met, and which were missed.

use crate::action::Action;
use crate::complaint::Complaint;
use crate::names::named_enum;
use crate::playbook::Period;
use crate::stage::Stage;
use jiff::Timestamp;
use serde::Serialize;

named_enum! {
    /// Which deadline: "responsiveness is the key".
    pub enum DeadlineKind ("deadline") {
        /// From `open` to the first `listen`.
        FirstResponse = "first_response",
        /// From each `agree` to the first `plan` after it.
        Plan = "plan",
        /// A task's own `due`, met by its `done`.
        Task = "task",
        /// From the last task done to a follow-up after it.
        FollowUp = "follow_up",
        /// From `open` to `close`.
        Resolution = "resolution",
    }
}

/// One deadline of one complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// Which deadline.
    pub deadline: DeadlineKind,
    /// When it is due.
    pub due: Timestamp,
    /// When it was met, if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met: Option<Timestamp>,
    /// For a task deadline: the task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_id: Option<u32>,
}

/// A deadline met late, or unmet past its due time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Breach {
    /// Which deadline.
    pub deadline: DeadlineKind,
    /// When it was due.
    pub due: Timestamp,
    /// How late it was met, or how far past due it is now (or was when the case closed).
    pub late_by_seconds: i64,
    /// For a task deadline: the task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_id: Option<u32>,
}

fn after(at: Timestamp, period: &Option<Period>) -> Option<Timestamp> {
    period.as_ref().and_then(|p| at.checked_add(p.duration()).ok())
}

/// Every deadline set so far, in order of due time (ties in the order they were set).
pub(crate) fn deadlines(complaint: &Complaint) -> Vec<Deadline> {
    let config = complaint.playbook().deadlines();
    let history = complaint.history();
    let opened = complaint.opened_at();
    let mut out = Vec::new();
    let first_after = |from: usize, matches: &dyn Fn(&Action) -> bool| {
        history[from..]
            .iter()
            .find(|e| matches(&e.action))
            .map(|e| e.action.at())
    };
    if let Some(due) = after(opened, &config.first_response) {
        let met = first_after(1, &|a| matches!(a, Action::Listen { .. }));
        out.push(Deadline {
            deadline: DeadlineKind::FirstResponse,
            due,
            met,
            task_id: None,
        });
    }
    for (i, event) in history.iter().enumerate() {
        match &event.action {
            Action::Agree { at, .. } => {
                if let Some(due) = after(*at, &config.plan_within) {
                    let met = first_after(i + 1, &|a| matches!(a, Action::Plan { .. }));
                    out.push(Deadline {
                        deadline: DeadlineKind::Plan,
                        due,
                        met,
                        task_id: None,
                    });
                }
            }
            Action::Plan { due, .. } => {
                let id = event.task_id;
                let met = first_after(
                    i + 1,
                    &|a| matches!(a, Action::Done { task_id, .. } if Some(*task_id) == id),
                );
                out.push(Deadline {
                    deadline: DeadlineKind::Task,
                    due: *due,
                    met,
                    task_id: id,
                });
            }
            Action::Done { at, .. } if event.stage == Stage::FollowingUp => {
                if let Some(due) = after(*at, &config.follow_up_within) {
                    let met = first_after(i + 1, &|a| matches!(a, Action::FollowUp { .. }));
                    out.push(Deadline {
                        deadline: DeadlineKind::FollowUp,
                        due,
                        met,
                        task_id: None,
                    });
                }
            }
            _ => {}
        }
    }
    if let Some(due) = after(opened, &config.resolve_within) {
        let met = closed_at(complaint);
        out.push(Deadline {
            deadline: DeadlineKind::Resolution,
            due,
            met,
            task_id: None,
        });
    }
    out.sort_by_key(|d| d.due);
    out
}

/// When the case was closed, if it is closed now (a reopened case is open again).
fn closed_at(complaint: &Complaint) -> Option<Timestamp> {
    if complaint.stage() != Stage::Closed {
        return None;
    }
    complaint
        .history()
        .iter()
        .rev()
        .find(|e| matches!(e.action, Action::Close { .. }))
        .map(|e| e.action.at())
}

pub(crate) fn breaches(complaint: &Complaint, now: Timestamp) -> Vec<Breach> {
    // A closed case stops the clock: what was unmet at the close stays as late as it was then.
    let until = closed_at(complaint).map_or(now, |closed| closed.min(now));
    deadlines(complaint)
        .into_iter()
        .filter_map(|d| {
            let end = d.met.unwrap_or(until);
            (end > d.due).then(|| Breach {
                deadline: d.deadline,
                due: d.due,
                late_by_seconds: end.duration_since(d.due).as_secs(),
                task_id: d.task_id,
            })
        })
        .collect()
}

pub(crate) fn next_deadline(complaint: &Complaint, now: Timestamp) -> Option<Deadline> {
    if complaint.stage() == Stage::Closed {
        return None;
    }
    deadlines(complaint)
        .into_iter()
        .find(|d| d.met.is_none() && d.due >= now)
}
