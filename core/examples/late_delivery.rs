//! Tim's client lost a sale because a delivery was late (the story in "Dealing with Unhappy
//! Customers"). This walks the complaint through the strict playbook: the moves good complaint
//! handling forbids are refused with their rule ids, then the case is handled properly to `closed`
//! and its timeline printed.

use amends::{
    Action, Actor, Complaint, Error, FollowUpResult, Money, Open, Outcome, Playbook, PreventionSource,
    Remedy, RemedyKind, Severity, Timestamp,
};

fn at(text: &str) -> Timestamp {
    text.parse().expect("a valid timestamp")
}

/// Applies a move the playbook allows and shows where it leads.
fn accept(complaint: &mut Complaint, action: Action) -> Result<(), Error> {
    let event = complaint.apply(action)?;
    println!("accepted {:<11} -> {}", event.action.kind().as_str(), event.stage);
    Ok(())
}

/// Applies a move the playbook forbids and shows the refusal; the complaint is left as it was.
fn refuse(complaint: &mut Complaint, action: Action) {
    let before = complaint.history().len();
    match complaint.apply(action) {
        Err(Error::Rule(refusal)) => println!("REFUSED  [{}] {}", refusal.rule, refusal.message),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(
        complaint.history().len(),
        before,
        "a refused action changes nothing"
    );
}

fn main() -> Result<(), Error> {
    let tim = Actor::agent("tim");
    let dana = Actor::new("dana", "supervisor");
    let c = &mut Complaint::open(
        Open::new(
            at("2026-03-02T09:00:00Z"),
            tim.clone(),
            "Northwind Ltd",
            "Demo units arrived late; sale lost",
        )
        .id("C-1042")
        .channel("in_person")
        .severity(Severity::High)
        .category("delivery")
        .value_at_stake(Money::usd(1_200_000)),
        Playbook::default(),
    )?;

    // Tim's first instinct is to reason with the client and offer something at once.
    let discount = Remedy::new(RemedyKind::Discount, "10% off the next order");
    refuse(
        c,
        Action::offer(at("2026-03-02T09:01:00Z"), tim.clone(), discount),
    );

    // Instead he listens, repeats the problem back, and thanks the client for coming.
    accept(
        c,
        Action::listen(
            at("2026-03-02T09:05:00Z"),
            tim.clone(),
            "The demo units came a day after the demo. Without them the client could not show the \
             product and lost an important sale.",
        ),
    )?;
    accept(
        c,
        Action::restate(
            at("2026-03-02T09:15:00Z"),
            tim.clone(),
            "Our late delivery cost you the demo and the sale that depended on it.",
        ),
    )?;
    accept(c, Action::confirm(at("2026-03-02T09:16:00Z"), tim.clone()))?;
    accept(
        c,
        Action::thank(
            at("2026-03-02T09:17:00Z"),
            tim.clone(),
            "Thank you for coming to tell me.",
        ),
    )?;

    // An apology with an excuse attached is no apology.
    let excuse = "I am sorry, but the courier was late, not us.";
    refuse(
        c,
        Action::apologize(at("2026-03-02T09:18:00Z"), tim.clone(), excuse),
    );
    let sorry = "I am sorry. We let you down when it mattered most.";
    accept(
        c,
        Action::apologize(at("2026-03-02T09:18:00Z"), tim.clone(), sorry),
    )?;
    accept(
        c,
        Action::diagnose(
            at("2026-03-02T11:00:00Z"),
            tim.clone(),
            "The order was booked on standard shipping instead of the promised express service.",
            "delivery",
        ),
    )?;

    // "What can I do to make this right?" The client asks for more than an agent may grant.
    accept(c, Action::ask(at("2026-03-02T11:05:00Z"), tim.clone()))?;
    let redelivery = Remedy::new(
        RemedyKind::Redelivery,
        "Express demo units for the rescheduled demo, free",
    )
    .worth(Money::usd(45_000));
    accept(
        c,
        Action::request(at("2026-03-02T11:10:00Z"), tim.clone(), redelivery),
    )?;
    refuse(c, Action::agree(at("2026-03-02T11:12:00Z"), tim.clone()));
    accept(c, Action::approve(at("2026-03-02T11:20:00Z"), dana))?;
    accept(c, Action::agree(at("2026-03-02T11:21:00Z"), tim.clone()))?;

    // Quick action, then the follow-up: closing before it is refused.
    let due = at("2026-03-03T09:00:00Z");
    accept(
        c,
        Action::plan(
            at("2026-03-02T11:30:00Z"),
            tim.clone(),
            "Ship by overnight express",
            due,
        ),
    )?;
    accept(c, Action::done(at("2026-03-03T08:10:00Z"), tim.clone(), 1))?;
    let early_close = Action::close(at("2026-03-03T08:15:00Z"), tim.clone(), Outcome::Resolved);
    for unmet in c.check(&early_close)? {
        println!("         close now would break [{}]", unmet.rule);
    }
    refuse(c, early_close);
    accept(
        c,
        Action::follow_up(at("2026-03-04T16:00:00Z"), tim.clone(), FollowUpResult::Satisfied),
    )?;

    // Learn from it: the client's idea and an employee's.
    let idea = "Confirm the shipping service by email when the order is booked";
    accept(
        c,
        Action::prevention(
            at("2026-03-04T16:05:00Z"),
            tim.clone(),
            PreventionSource::Customer,
            Some(idea),
        ),
    )?;
    let idea = "Flag orders tied to an event date in the dispatch queue";
    let ravi = Actor::agent("ravi");
    accept(
        c,
        Action::prevention(
            at("2026-03-05T10:00:00Z"),
            ravi,
            PreventionSource::Employee,
            Some(idea),
        ),
    )?;
    accept(
        c,
        Action::close(at("2026-03-05T10:30:00Z"), tim, Outcome::Resolved),
    )?;

    println!();
    print!("{}", c.timeline());
    let missed = c.breaches(at("2026-03-06T00:00:00Z"));
    println!("Deadlines missed: {}", missed.len());
    Ok(())
}
