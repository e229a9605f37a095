//! Typed helpers: one call per action kind, no JSON on the way (the hot path of a till).
//!
//! Every helper takes the complaint, the time as seconds since the Unix epoch (UTC), who records
//! the action (`by_id`, and `by_role_or_null`: NULL is `"agent"`), then the action's own fields.
//! Optional text is NULL when absent (an empty string is present, and refused as empty). Enum
//! arguments are `uint32_t` numbers of the header's enums; an unknown number is
//! `AMENDS_STATUS_INVALID_INPUT` naming the field. Like `amends_complaint_apply`, a refused action
//! changes nothing.

use crate::args::{field, handle_mut, number, optional_field, optional_out, out, unix_seconds};
use crate::complaint::{amends_complaint, give, playbook_or_strict};
use crate::error::{amends_error, amends_status};
use crate::panic::ffi_boundary;
use crate::playbook::amends_playbook;
use amends_core::{
    Action, Actor, Complaint, Currency, FollowUpResult, Money, Open, Outcome, PreventionSource, Remedy,
    RemedyKind, Severity, Timestamp,
};
use std::ffi::c_char;

/// An amount of money: `amount` in minor units (2500 is 25.00) of `currency`, a three-letter
/// code such as `"USD"` that must be the playbook's.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct amends_money {
    /// The amount in minor units.
    pub amount: u64,
    /// The ISO 4217 code, NUL-terminated (`"USD"`).
    pub currency: *const c_char,
}

/// The complaint, time and actor every helper starts with.
///
/// # Safety
/// `complaint` is NULL or a live complaint that nothing else uses for `'a`; `by_id` and `by_role`
/// are NULL or NUL-terminated strings.
unsafe fn subject<'a>(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role: *const c_char,
) -> Result<(&'a mut Complaint, Timestamp, Actor), amends_error> {
    // SAFETY: the caller's guarantees are these helpers'.
    let (complaint, id, role) = unsafe {
        (
            handle_mut(complaint, "complaint")?,
            field(by_id, "by.id")?,
            optional_field(by_role, "by.role")?,
        )
    };
    let at = unix_seconds(at_unix_seconds, "at")?;
    Ok((
        &mut complaint.inner,
        at,
        Actor::new(id, role.unwrap_or(Actor::DEFAULT_ROLE)),
    ))
}

/// An optional amount of money; errors name `field` (`"remedy.value"`, …).
///
/// # Safety
/// `money` is NULL or points to an `amends_money` whose `currency` is NULL or NUL-terminated.
unsafe fn money(money: *const amends_money, field_name: &str) -> Result<Option<Money>, amends_error> {
    // SAFETY: the caller guarantees a non-NULL `money` is valid for reads.
    let Some(money) = (unsafe { money.as_ref() }) else {
        return Ok(None);
    };
    let currency_field = format!("{field_name}.currency");
    // SAFETY: the caller guarantees `currency` is NULL or NUL-terminated.
    let code = unsafe { field(money.currency, &currency_field) }?;
    let currency =
        Currency::new(code).map_err(|e| amends_error::invalid(Some(&currency_field), e.message()))?;
    Ok(Some(Money::new(money.amount, currency)))
}

/// A remedy from its kind number, description and optional value.
///
/// # Safety
/// `description` is NULL or NUL-terminated; `value` as [`money`].
unsafe fn remedy(
    kind: u32,
    description: *const c_char,
    value: *const amends_money,
) -> Result<Remedy, amends_error> {
    let kind = number(
        kind,
        RemedyKind::ALL,
        RemedyKind::from_number,
        "remedy.kind",
        "remedy kind",
    )?;
    // SAFETY: the caller's guarantees.
    let (description, value) = unsafe {
        (
            field(description, "remedy.description")?,
            money(value, "remedy.value")?,
        )
    };
    Ok(Remedy {
        value,
        ..Remedy::new(kind, description)
    })
}

/// The optional fields of an `open` action, for `amends_complaint_new_ex`: a till records them
/// without writing JSON. Zero-initialise it (`struct amends_open_options options = {0};`) and set
/// what you have: a NULL pointer, or `has_severity` false, leaves that field out. Text that is set
/// must not be empty. (Fields are only ever added at the end, in a release that changes the
/// shared library's soname.)
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct amends_open_options {
    /// How the complaint arrived (`"phone"`, `"email"`, `"in_person"`, …: free text), or NULL.
    pub channel: *const c_char,
    /// Whether `severity` is set.
    pub has_severity: bool,
    /// How serious the complaint is, an `AMENDS_SEVERITY_*`; read only when `has_severity` is true.
    pub severity: u32,
    /// A category for the problem (`"delivery"`: free text, used to find repeats), or NULL.
    pub category: *const c_char,
    /// What the customer stands to lose, in the playbook's currency, or NULL.
    pub value_at_stake: *const amends_money,
}

/// The `open` action `amends_complaint_new` and `amends_complaint_new_ex` record.
///
/// # Safety
/// Every string argument is NULL or NUL-terminated; `options` is NULL or points to an
/// `amends_open_options` whose pointers are NULL or valid as its fields document.
unsafe fn open_action(
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role: *const c_char,
    customer: *const c_char,
    summary: *const c_char,
    id: *const c_char,
    options: *const amends_open_options,
) -> Result<Open, amends_error> {
    // SAFETY: the caller's guarantees.
    let (by_id, by_role, customer, summary, id, options) = unsafe {
        (
            field(by_id, "by.id")?,
            optional_field(by_role, "by.role")?,
            field(customer, "customer")?,
            field(summary, "summary")?,
            optional_field(id, "id")?,
            options.as_ref(),
        )
    };
    let at = unix_seconds(at_unix_seconds, "at")?;
    let open = Open {
        id: id.map(Into::into),
        ..Open::new(
            at,
            Actor::new(by_id, by_role.unwrap_or(Actor::DEFAULT_ROLE)),
            customer,
            summary,
        )
    };
    let Some(options) = options else {
        return Ok(open);
    };
    let severity = if options.has_severity {
        Some(number(
            options.severity,
            Severity::ALL,
            Severity::from_number,
            "severity",
            "severity",
        )?)
    } else {
        None
    };
    // SAFETY: the caller guarantees the options' pointers.
    let (channel, category, value_at_stake) = unsafe {
        (
            optional_field(options.channel, "channel")?,
            optional_field(options.category, "category")?,
            money(options.value_at_stake, "value_at_stake")?,
        )
    };
    Ok(Open {
        channel: channel.map(Into::into),
        severity,
        category: category.map(Into::into),
        value_at_stake,
        ..open
    })
}

/// Opens a complaint without JSON: received at `at_unix_seconds`, recorded by `by_id` (role
/// `by_role_or_null`, NULL: `"agent"`), from `customer` about `summary`, with the host's own
/// reference `id_or_null` (optional), under a playbook (NULL: `strict`). For the other optional
/// fields of `open` (channel, severity, category, value at stake) use `amends_complaint_new_ex`.
/// On success `*out` is a new complaint to free with `amends_complaint_free`.
///
/// # Safety
/// `playbook_or_null` is NULL or a live playbook; every string argument is NULL or a
/// NUL-terminated string; `out` and `err` are NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_new(
    playbook_or_null: *const amends_playbook,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    customer: *const c_char,
    summary: *const c_char,
    id_or_null: *const c_char,
    out: *mut *mut amends_complaint,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (out, playbook, open) = unsafe {
            (
                self::out(out, "out")?,
                playbook_or_strict(playbook_or_null),
                open_action(at_unix_seconds, by_id, by_role_or_null, customer, summary, id_or_null, std::ptr::null())?,
            )
        };
        out.set(give(Complaint::open(open, playbook)?));
        Ok(())
    })
}

/// `amends_complaint_new` with the other optional fields of `open`: `options_or_null` (NULL: none)
/// gives the channel, severity, category and value at stake. An unknown severity number is
/// `AMENDS_STATUS_INVALID_INPUT` naming `"severity"`; a value at stake in another currency than
/// the playbook's names `"value_at_stake.currency"`. On success `*out` is a new complaint to free
/// with `amends_complaint_free`.
///
/// # Safety
/// As `amends_complaint_new`; `options_or_null` is NULL or points to an `amends_open_options`
/// whose text fields are NULL or NUL-terminated strings and whose `value_at_stake` is NULL or
/// points to an `amends_money` (its `currency` NULL or NUL-terminated).
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_new_ex(
    playbook_or_null: *const amends_playbook,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    customer: *const c_char,
    summary: *const c_char,
    id_or_null: *const c_char,
    options_or_null: *const amends_open_options,
    out: *mut *mut amends_complaint,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (out, playbook, open) = unsafe {
            (
                self::out(out, "out")?,
                playbook_or_strict(playbook_or_null),
                open_action(at_unix_seconds, by_id, by_role_or_null, customer, summary, id_or_null, options_or_null)?,
            )
        };
        out.set(give(Complaint::open(open, playbook)?));
        Ok(())
    })
}

/// The customer's story was heard: `account` is what they said (`open` → `listening`).
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_listen(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    account: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), account) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                field(account, "account")?,
            )
        };
        complaint.apply(Action::listen(at, by, account))?;
        Ok(())
    })
}

/// Staff repeated the problem back as `summary` (→ `listening`, awaiting confirmation).
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_restate(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    summary: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), summary) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                field(summary, "summary")?,
            )
        };
        complaint.apply(Action::restate(at, by, summary))?;
        Ok(())
    })
}

/// The customer confirmed the restatement (→ `understood`).
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_confirm(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (complaint, at, by) = unsafe { subject(complaint, at_unix_seconds, by_id, by_role_or_null)? };
        complaint.apply(Action::confirm(at, by))?;
        Ok(())
    })
}

/// The customer said the restatement was wrong: `correction` is what they said.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_correct(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    correction: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), correction) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                field(correction, "correction")?,
            )
        };
        complaint.apply(Action::correct(at, by, correction))?;
        Ok(())
    })
}

/// The customer was thanked for raising it.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_thank(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    statement: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), statement) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                field(statement, "statement")?,
            )
        };
        complaint.apply(Action::thank(at, by, statement))?;
        Ok(())
    })
}

/// An apology was made; one that is empty or holds a deflecting phrase is refused by
/// `sincere-apology`.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_apologize(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    statement: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), statement) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                field(statement, "statement")?,
            )
        };
        complaint.apply(Action::apologize(at, by, statement))?;
        Ok(())
    })
}

/// What broke (`root_cause`), and where (`category`).
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_diagnose(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    root_cause: *const c_char,
    category: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), root_cause, category) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                field(root_cause, "root_cause")?,
                field(category, "category")?,
            )
        };
        complaint.apply(Action::diagnose(at, by, root_cause, category))?;
        Ok(())
    })
}

/// "What can I do to make this right?" (→ `resolving`).
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_ask(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (complaint, at, by) = unsafe { subject(complaint, at_unix_seconds, by_id, by_role_or_null)? };
        complaint.apply(Action::ask(at, by))?;
        Ok(())
    })
}

/// The customer said what would make it right: a remedy of kind `remedy_kind`
/// (`AMENDS_REMEDY_KIND_*`), described in words, worth `value_or_null` (NULL: no value, worth 0).
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_request(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    remedy_kind: u32,
    description: *const c_char,
    value_or_null: *const amends_money,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), remedy) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                remedy(remedy_kind, description, value_or_null)?,
            )
        };
        complaint.apply(Action::request(at, by, remedy))?;
        Ok(())
    })
}

/// The customer could not or would not suggest a remedy.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_no_request(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (complaint, at, by) = unsafe { subject(complaint, at_unix_seconds, by_id, by_role_or_null)? };
        complaint.apply(Action::no_request(at, by))?;
        Ok(())
    })
}

/// Staff proposed a remedy (see `amends_complaint_request` for the remedy's arguments);
/// `reason_or_null` is required by `counter-offer-needs-reason` while the customer's request is
/// open; `too_upset` marks an offer made before asking because the customer was too upset.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_offer(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    remedy_kind: u32,
    description: *const c_char,
    value_or_null: *const amends_money,
    reason_or_null: *const c_char,
    too_upset: bool,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), remedy, reason) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                remedy(remedy_kind, description, value_or_null)?,
                optional_field(reason_or_null, "reason")?,
            )
        };
        complaint.apply(Action::Offer {
            at,
            by,
            remedy: Box::new(remedy),
            reason: reason.map(Into::into),
            too_upset,
        })?;
        Ok(())
    })
}

/// Someone with enough authority approved the open proposal.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_approve(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (complaint, at, by) = unsafe { subject(complaint, at_unix_seconds, by_id, by_role_or_null)? };
        complaint.apply(Action::approve(at, by))?;
        Ok(())
    })
}

/// Both sides agreed to the open proposal (→ `agreed`).
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_agree(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (complaint, at, by) = unsafe { subject(complaint, at_unix_seconds, by_id, by_role_or_null)? };
        complaint.apply(Action::agree(at, by))?;
        Ok(())
    })
}

/// The customer declined the open offer, for `reason`.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_decline(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    reason: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), reason) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                field(reason, "reason")?,
            )
        };
        complaint.apply(Action::decline(at, by, reason))?;
        Ok(())
    })
}

/// Staff recorded `evidence` that the customer is taking advantage.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_suspect_bad_faith(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    evidence: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), evidence) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                field(evidence, "evidence")?,
            )
        };
        complaint.apply(Action::suspect_bad_faith(at, by, evidence))?;
        Ok(())
    })
}

/// Staff refused without a counter-offer, for `reason` (→ `following_up`).
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_stand_firm(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    reason: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), reason) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                field(reason, "reason")?,
            )
        };
        complaint.apply(Action::stand_firm(at, by, reason))?;
        Ok(())
    })
}

/// A task that carries out the agreed remedy, due at `due_unix_seconds` (→ `acting`). On
/// success the new task's id (1, 2, …) is written to `*task_id_out` unless it is NULL.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_plan(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    task: *const c_char,
    due_unix_seconds: i64,
    task_id_out: *mut u32,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), task, task_id_out) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                field(task, "task")?,
                optional_out(task_id_out),
            )
        };
        let due = unix_seconds(due_unix_seconds, "due")?;
        let event = complaint.apply(Action::plan(at, by, task, due))?;
        if let (Some(task_id_out), Some(task_id)) = (task_id_out, event.task_id) {
            task_id_out.set(task_id);
        }
        Ok(())
    })
}

/// Task `task_id` was completed; the last open one moves the complaint to `following_up`.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_done(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    task_id: u32,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (complaint, at, by) = unsafe { subject(complaint, at_unix_seconds, by_id, by_role_or_null)? };
        complaint.apply(Action::done(at, by, task_id))?;
        Ok(())
    })
}

/// Staff checked back with the customer: `result` is an `AMENDS_FOLLOW_UP_RESULT_*`;
/// `notes_or_null` is optional.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_follow_up(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    result: u32,
    notes_or_null: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), notes) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                optional_field(notes_or_null, "notes")?,
            )
        };
        let result = number(result, FollowUpResult::ALL, FollowUpResult::from_number, "result", "follow-up result")?;
        complaint.apply(Action::FollowUp {
            at,
            by,
            result,
            notes: notes.map(Into::into),
        })?;
        Ok(())
    })
}

/// How the problem could have been avoided: `source` is an `AMENDS_PREVENTION_SOURCE_*`;
/// `idea_or_null` NULL means the customer was asked and had none.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_prevention(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    source: u32,
    idea_or_null: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), idea) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                optional_field(idea_or_null, "idea")?,
            )
        };
        let source = number(source, PreventionSource::ALL, PreventionSource::from_number, "source", "prevention source")?;
        complaint.apply(Action::prevention(at, by, source, idea))?;
        Ok(())
    })
}

/// Handed `to` someone with more authority, for `reason`.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_escalate(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    to: *const c_char,
    reason: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), to, reason) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                field(to, "to")?,
                field(reason, "reason")?,
            )
        };
        complaint.apply(Action::escalate(at, by, to, reason))?;
        Ok(())
    })
}

/// A free note.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_note(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    text: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), text) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                field(text, "text")?,
            )
        };
        complaint.apply(Action::note(at, by, text))?;
        Ok(())
    })
}

/// The case was closed: `outcome` is an `AMENDS_OUTCOME_*`; `reason_or_null` is optional.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_close(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    outcome: u32,
    reason_or_null: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), reason) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                optional_field(reason_or_null, "reason")?,
            )
        };
        let outcome = number(outcome, Outcome::ALL, Outcome::from_number, "outcome", "outcome")?;
        complaint.apply(Action::Close {
            at,
            by,
            outcome,
            reason: reason.map(Into::into),
        })?;
        Ok(())
    })
}

/// A closed case was reopened, for `reason` (→ `listening`, a new round).
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; every string
/// argument is NULL or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_reopen(
    complaint: *mut amends_complaint,
    at_unix_seconds: i64,
    by_id: *const c_char,
    by_role_or_null: *const c_char,
    reason: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let ((complaint, at, by), reason) = unsafe {
            (
                subject(complaint, at_unix_seconds, by_id, by_role_or_null)?,
                field(reason, "reason")?,
            )
        };
        complaint.apply(Action::reopen(at, by, reason))?;
        Ok(())
    })
}
