//! A complaint's history as text a person reads.

use crate::action::{Action, Remedy};
use crate::complaint::Complaint;
use std::fmt::Write;

fn remedy(r: &Remedy) -> String {
    match r.value {
        Some(value) => format!("{} ({}, {value})", r.description, r.kind),
        None => format!("{} ({})", r.description, r.kind),
    }
}

/// What an event says, in a few words.
fn describe(action: &Action, task_id: Option<u32>) -> String {
    match action {
        Action::Open(o) => format!("{}: {}", o.customer, o.summary),
        Action::Listen { account, .. } => format!("heard: {account}"),
        Action::Restate { summary, .. } => format!("restated: {summary}"),
        Action::Confirm { .. } => "the customer confirmed the restatement".into(),
        Action::Correct { correction, .. } => format!("the customer corrected it: {correction}"),
        Action::Thank { statement, .. } | Action::Apologize { statement, .. } => format!("\"{statement}\""),
        Action::Diagnose {
            root_cause, category, ..
        } => format!("root cause [{category}]: {root_cause}"),
        Action::Ask { .. } => "\"What can I do to make this right?\"".into(),
        Action::Request { remedy: r, .. } => format!("the customer asked for {}", remedy(r)),
        Action::NoRequest { .. } => "the customer had no remedy to suggest".into(),
        Action::Offer {
            remedy: r,
            reason,
            too_upset,
            ..
        } => {
            let mut s = format!("offered {}", remedy(r));
            if let Some(reason) = reason {
                let _ = write!(s, " because {reason}");
            }
            if *too_upset {
                s.push_str(" (the customer was too upset to be asked)");
            }
            s
        }
        Action::Approve { .. } => "approved the open proposal".into(),
        Action::Agree { .. } => "both sides agreed".into(),
        Action::Decline { reason, .. } => format!("the customer declined: {reason}"),
        Action::SuspectBadFaith { evidence, .. } => format!("suspects bad faith: {evidence}"),
        Action::StandFirm { reason, .. } => format!("stood firm: {reason}"),
        Action::Plan { task, due, .. } => {
            format!(
                "task {}: {task} (due {})",
                task_id.unwrap_or(0),
                due.strftime("%Y-%m-%d %H:%MZ")
            )
        }
        Action::Done { task_id, .. } => format!("task {task_id} done"),
        Action::FollowUp { result, notes, .. } => match notes {
            Some(notes) => format!("{result}: {notes}"),
            None => result.to_string(),
        },
        Action::Prevention { source, idea, .. } => match idea {
            Some(idea) => format!("{source} suggests: {idea}"),
            None => format!("{source} had no idea how it could have been avoided"),
        },
        Action::Escalate { to, reason, .. } => format!("to {to}: {reason}"),
        Action::Note { text, .. } => text.to_string(),
        Action::Close { outcome, reason, .. } => match reason {
            Some(reason) => format!("{outcome}: {reason}"),
            None => outcome.to_string(),
        },
        Action::Reopen { reason, .. } => reason.to_string(),
    }
}

pub(crate) fn render(complaint: &Complaint) -> String {
    let open = complaint.opening();
    let mut out = String::new();
    let reference = open.id.as_deref().map(|id| format!(" {id}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "Complaint{reference} from {} under playbook {}: {}",
        open.customer,
        complaint.playbook().name(),
        open.summary
    );
    for event in complaint.history() {
        let a = &event.action;
        let _ = writeln!(
            out,
            "{:>3}  {}  {:<17} {:<12} {:<18} {}",
            event.seq,
            a.at().strftime("%Y-%m-%d %H:%MZ"),
            a.kind().as_str(),
            event.stage.as_str(),
            a.by().to_string(),
            describe(a, event.task_id)
        );
    }
    let _ = write!(out, "Stage: {}", complaint.stage());
    if let Some(outcome) = complaint.outcome() {
        let _ = write!(out, " ({outcome})");
    }
    out.push('\n');
    out
}
