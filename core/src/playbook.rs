//! Playbooks: which rules are on, the apology phrase list, authority, deadlines and input limits.

use crate::action::Currency;
use crate::error::{from_serde, syntax, Error, InvalidInput};
use crate::names::{map_only, named_enum};
use crate::rules::RuleId;
use jiff::{SignedDuration, Span, SpanRelativeTo};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

named_enum! {
    /// A preset playbook: one per seed article, plus their union (`strict`).
    pub enum Preset ("playbook preset") {
        /// All five articles: every rule but `diagnose-before-apology`.
        Strict = "strict",
        /// "Seven steps": listen, thank, apologize, ask, agree, act quickly, follow up.
        SevenStep = "seven_step",
        /// "Make it right": restate, let the customer propose first, stand firm only on bad faith.
        MakeItRight = "make_it_right",
        /// "Think first": listen and diagnose before apologising; a too-upset customer may be offered a remedy.
        ThinkFirst = "think_first",
        /// "Sorry first": apologise first, understand, ask, plan, follow up and try again.
        SorryFirst = "sorry_first",
        /// "Active listening": listen, repeat their concerns, apologise, solve, act, follow up.
        ActiveListening = "active_listening",
    }
}

impl Preset {
    /// The rules this preset turns off; all others are on.
    pub const fn rules_off(self) -> &'static [RuleId] {
        use RuleId as R;
        match self {
            Preset::Strict => &[R::DiagnoseBeforeApology],
            Preset::SevenStep => &[
                R::DiagnoseBeforeApology,
                R::RestateBeforeResolving,
                R::RootCauseBeforeClose,
                R::PreventionBeforeClose,
            ],
            Preset::MakeItRight => &[
                R::DiagnoseBeforeApology,
                R::ApologyBeforeRemedy,
                R::SincereApology,
                R::ListenBeforeApology,
                R::ThankBeforeClose,
                R::RootCauseBeforeClose,
            ],
            Preset::ThinkFirst => &[
                R::RestateBeforeResolving,
                R::ThankBeforeClose,
                R::PreventionBeforeClose,
            ],
            Preset::SorryFirst => &[
                R::ListenBeforeApology,
                R::DiagnoseBeforeApology,
                R::RestateBeforeResolving,
                R::ThankBeforeClose,
                R::PreventionBeforeClose,
            ],
            Preset::ActiveListening => &[
                R::DiagnoseBeforeApology,
                R::ThankBeforeClose,
                R::RootCauseBeforeClose,
            ],
        }
    }

    /// The preset's playbook, built once and shared by every caller.
    pub fn shared(self) -> Arc<Playbook> {
        static SHARED: [OnceLock<Arc<Playbook>>; Preset::ALL.len()] =
            [const { OnceLock::new() }; Preset::ALL.len()];
        Arc::clone(SHARED[self as usize].get_or_init(|| Arc::new(self.playbook())))
    }

    /// The preset's full playbook.
    pub fn playbook(self) -> Playbook {
        let mut rules = RuleSet::ALL;
        for rule in self.rules_off() {
            rules.set(*rule, false);
        }
        Playbook {
            base: self,
            name: self.as_str().into(),
            rules,
            apology_phrases: ApologyPhrases::new(
                DEFAULT_APOLOGY_PHRASES.iter().map(|p| p.to_string()).collect(),
            ),
            allow_too_upset_offers: self == Preset::ThinkFirst,
            currency: Currency::USD,
            authority: [
                ("agent".to_string(), Some(5000)),
                ("supervisor".to_string(), Some(50000)),
                ("manager".to_string(), None),
            ]
            .into_iter()
            .collect(),
            deadlines: Deadlines::default(),
            limits: Limits::default(),
        }
    }
}

/// The phrases that make an apology an excuse, unless a playbook says otherwise.
pub const DEFAULT_APOLOGY_PHRASES: &[&str] = &[
    "but",
    "however",
    "if you feel",
    "if you were",
    "you should have",
    "calm down",
    "our policy",
];

/// A set of rule ids, as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RuleSet(u32);

impl RuleSet {
    const ALL: RuleSet = RuleSet((1 << RuleId::ALL.len()) - 1);

    fn contains(self, rule: RuleId) -> bool {
        self.0 & (1 << rule.number()) != 0
    }

    fn set(&mut self, rule: RuleId, on: bool) {
        if on {
            self.0 |= 1 << rule.number();
        } else {
            self.0 &= !(1 << rule.number());
        }
    }
}

/// The apology phrase list, with each phrase split into lower-case words once.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ApologyPhrases {
    phrases: Vec<String>,
    words: Vec<Vec<String>>,
    /// Each word's [`ascii_key`], to compare with an ASCII statement's words.
    keys: Vec<Vec<u64>>,
}

impl ApologyPhrases {
    fn new(phrases: Vec<String>) -> Self {
        let words: Vec<Vec<String>> = phrases
            .iter()
            .map(|p| words_of(&p.to_lowercase()).map(str::to_string).collect())
            .collect();
        let keys = words
            .iter()
            .map(|phrase| phrase.iter().map(|w| ascii_key(w.as_bytes())).collect())
            .collect();
        ApologyPhrases { phrases, words, keys }
    }

    /// The index of the first phrase `statement` holds, matched as whole words in any case.
    fn find(&self, statement: &str) -> Option<usize> {
        if statement.is_ascii() {
            if let Some(found) = self.find_in_ascii(statement) {
                return found;
            }
        }
        // The statement's words, split once: on the stack for any apology of ordinary length.
        let mut stack: [&str; 64] = [""; 64];
        let mut heap = Vec::new();
        let mut count = 0;
        for word in words_of(statement) {
            if count < stack.len() {
                stack[count] = word;
            } else {
                if heap.is_empty() {
                    heap.extend_from_slice(&stack);
                }
                heap.push(word);
            }
            count += 1;
        }
        let said: &[&str] = if heap.is_empty() { &stack[..count] } else { &heap };
        let holds = |phrase: &[String]| {
            said.windows(phrase.len())
                .any(|w| w.iter().zip(phrase).all(|(w, p)| same_word(w, p)))
        };
        self.words
            .iter()
            .position(|phrase| !phrase.is_empty() && holds(phrase))
    }

    /// [`ApologyPhrases::find`] for an ASCII statement of up to 32 words (`None` for a longer
    /// one): each word is compared by its [`ascii_key`] first, and bytes only where keys match.
    /// An apology is checked on every `apologize`, and splitting it and comparing its words is
    /// most of what handling that action costs.
    fn find_in_ascii(&self, statement: &str) -> Option<Option<usize>> {
        let mut words: [&[u8]; 32] = [&[]; 32];
        let mut keys = [0u64; 32];
        let mut count = 0;
        for word in statement.as_bytes().split(|&b| !WORD_BYTES[usize::from(b)]) {
            if !word.is_empty() {
                *keys.get_mut(count)? = ascii_key(word);
                words[count] = word;
                count += 1;
            }
        }
        let (words, keys) = (&words[..count], &keys[..count]);
        for (k, (phrase, phrase_keys)) in self.words.iter().zip(&self.keys).enumerate() {
            let Some(&first) = phrase_keys.first() else {
                continue;
            };
            let Some(last) = count.checked_sub(phrase_keys.len()) else {
                continue;
            };
            // A key holds a word's first seven bytes: longer words are compared whole.
            let same_words = |i: usize| {
                phrase_keys.iter().zip(&keys[i..]).all(|(p, k)| p == k)
                    && phrase
                        .iter()
                        .zip(&words[i..])
                        .all(|(p, w)| w.len() <= 7 || w.eq_ignore_ascii_case(p.as_bytes()))
            };
            for (i, &key) in keys[..=last].iter().enumerate() {
                if key == first && same_words(i) {
                    return Some(Some(k));
                }
            }
        }
        Some(None)
    }
}

/// The bytes of a word in ASCII text: letters, digits and `'`.
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b as u8 == b'\'';
        b += 1;
    }
    table
};

/// A word's first seven bytes in ASCII lower case and its length (up to 255), as one number. Two
/// words with different keys differ in any case. Two words of letters, digits and `'` with the
/// same key and at most seven bytes differ only in case. A phrase's word with a byte outside ASCII
/// among its first seven never shares an ASCII word's key; a longer one may, and is compared
/// whole.
fn ascii_key(word: &[u8]) -> u64 {
    let held = word.len().min(7);
    let mut bytes = [0u8; 8];
    for (to, from) in bytes.iter_mut().zip(&word[..held]) {
        *to = *from;
    }
    bytes[7] = word.len().min(255) as u8;
    // Setting bit 5 of each byte held turns A–Z into a–z and leaves a–z, the digits and `'` as
    // they are (a byte outside ASCII stays outside it).
    let lower = 0x2020_2020_2020_2020u64 & ((1u64 << (8 * held)) - 1);
    u64::from_le_bytes(bytes) | lower
}

/// The words of a text: runs of letters, digits and apostrophes.
fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
}

/// Whether a word of a statement is a phrase's word (kept in lower case), in any case.
fn same_word(word: &str, lower: &str) -> bool {
    if word.is_ascii() {
        word.eq_ignore_ascii_case(lower)
    } else {
        word.to_lowercase() == lower
    }
}

/// A length of time such as `PT4H` or `P3D` (ISO 8601; a day is 24 hours).
#[derive(Clone, PartialEq, Eq)]
pub struct Period {
    text: Box<str>,
    duration: SignedDuration,
}

impl Period {
    /// Parses an ISO 8601 duration of weeks, days, hours, minutes and seconds (`P3D`, `PT4H`).
    pub fn parse(text: &str) -> Result<Period, InvalidInput> {
        let bad = |why: String| InvalidInput::new(None, why);
        let span: Span = text.parse().map_err(|e| {
            bad(format!(
                "`{text}` is not an ISO 8601 duration such as PT4H or P3D: {e}"
            ))
        })?;
        let duration = span
            .to_duration(SpanRelativeTo::days_are_24_hours())
            .map_err(|_| {
                bad(format!(
                    "`{text}` uses months or years, whose length varies: use days"
                ))
            })?;
        if duration.is_negative() || duration.is_zero() {
            return Err(bad(format!("`{text}` must be longer than zero")));
        }
        Ok(Period {
            text: span.to_string().into(),
            duration,
        })
    }

    /// A period of whole hours.
    pub fn hours(hours: u32) -> Period {
        Period {
            text: format!("PT{hours}H").into(),
            duration: SignedDuration::from_hours(hours.into()),
        }
    }

    /// A period of whole days of 24 hours.
    pub fn days(days: u32) -> Period {
        Period {
            text: format!("P{days}D").into(),
            duration: SignedDuration::from_hours(i64::from(days) * 24),
        }
    }

    /// The length as a duration.
    pub fn duration(&self) -> SignedDuration {
        self.duration
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Period({})", self.text)
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Period::parse(&text).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

/// How long each step may take; `None` turns a deadline off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadlines {
    /// From `open` to the first `listen`.
    pub first_response: Option<Period>,
    /// From each `agree` to the first `plan` after it.
    pub plan_within: Option<Period>,
    /// From the last task done to a follow-up.
    pub follow_up_within: Option<Period>,
    /// From `open` to `close`.
    pub resolve_within: Option<Period>,
}

impl Default for Deadlines {
    fn default() -> Self {
        Deadlines {
            first_response: Some(Period::hours(4)),
            plan_within: Some(Period::hours(24)),
            follow_up_within: Some(Period::days(3)),
            resolve_within: Some(Period::days(14)),
        }
    }
}

/// Input limits, enforced on every action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// The longest text field, in UTF-8 bytes.
    pub max_text_bytes: usize,
    /// The most events one complaint's history may hold.
    pub max_events: usize,
    /// The most tasks one complaint may plan.
    pub max_tasks: usize,
}

/// Read from an object with every field (as it is written), never from an array.
impl<'de> Deserialize<'de> for Limits {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, remote = "Self")]
        struct Exact {
            max_text_bytes: usize,
            max_events: usize,
            max_tasks: usize,
        }
        map_only!(Exact, "a limits object");
        let Exact {
            max_text_bytes,
            max_events,
            max_tasks,
        } = <Exact as Deserialize>::deserialize(d)?;
        Ok(Limits {
            max_text_bytes,
            max_events,
            max_tasks,
        })
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_text_bytes: 16384,
            max_events: 10000,
            max_tasks: 100,
        }
    }
}

/// A playbook: the policy a complaint is handled under. Data, not code: load it from JSON, save it
/// with every field written.
///
/// ```
/// use amends::{Playbook, RuleId};
/// let playbook = Playbook::from_json(r#"{"base": "seven_step", "rules": {"thank-before-close": false},
///                                         "authority": {"agent": 10000}}"#)?;
/// assert!(!playbook.rule_is_on(RuleId::ThankBeforeClose));
/// assert!(playbook.rule_is_on(RuleId::ApologyBeforeRemedy));
/// assert_eq!(playbook.authority_of("agent"), Some(10000));
/// assert_eq!(playbook.authority_of("manager"), None); // unlimited, from the base
/// assert_eq!(playbook.authority_of("intern"), Some(0)); // an unknown role grants nothing
/// # Ok::<(), amends::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Playbook {
    base: Preset,
    name: String,
    rules: RuleSet,
    apology_phrases: ApologyPhrases,
    allow_too_upset_offers: bool,
    currency: Currency,
    authority: BTreeMap<String, Option<u64>>,
    deadlines: Deadlines,
    limits: Limits,
}

impl Default for Playbook {
    /// The `strict` preset.
    fn default() -> Self {
        Preset::Strict.playbook()
    }
}

impl From<Preset> for Playbook {
    fn from(preset: Preset) -> Self {
        preset.playbook()
    }
}

impl Playbook {
    /// A preset by name (`"strict"`, `"seven_step"`, …); an unknown name is an input error.
    pub fn preset(name: &str) -> Result<Playbook, Error> {
        let preset: Preset = name
            .parse()
            .map_err(|e: InvalidInput| Error::invalid("base", e.message()))?;
        Ok(preset.playbook())
    }

    /// Loads a playbook from JSON: a `base` preset plus overrides. `rules` and `authority` merge
    /// key by key into the base's. Unknown presets, rule ids and fields are input errors.
    pub fn from_json(text: &str) -> Result<Playbook, Error> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(syntax)?;
        Playbook::from_value(&value)
    }

    /// Loads a playbook from a JSON value, as [`Playbook::from_json`].
    pub fn from_value(value: &serde_json::Value) -> Result<Playbook, Error> {
        let wire: PlaybookWire = serde_path_to_error::deserialize(value).map_err(from_serde)?;
        wire.build()
    }

    /// The playbook as JSON text with every field written, so it loads back equal.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The preset this playbook starts from.
    pub fn base(&self) -> Preset {
        self.base
    }

    /// The playbook's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether a rule is on.
    pub fn rule_is_on(&self, rule: RuleId) -> bool {
        self.rules.contains(rule)
    }

    /// The rules that are on, in check order.
    pub fn rules_on(&self) -> impl Iterator<Item = RuleId> + '_ {
        RuleId::ALL.iter().copied().filter(|r| self.rule_is_on(*r))
    }

    /// The phrases that make an apology an excuse.
    pub fn apology_phrases(&self) -> &[String] {
        &self.apology_phrases.phrases
    }

    /// The first deflecting phrase `statement` holds, matched as whole words in any case.
    pub fn deflecting_phrase(&self, statement: &str) -> Option<&str> {
        let phrases = &self.apology_phrases;
        phrases.find(statement).map(|i| phrases.phrases[i].as_str())
    }

    /// Whether an offer marked `too_upset` may skip asking the customer first.
    pub fn allow_too_upset_offers(&self) -> bool {
        self.allow_too_upset_offers
    }

    /// The playbook's currency: all money must be in it.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The most a role may grant, in minor units: `None` is unlimited; an unknown role grants 0.
    pub fn authority_of(&self, role: &str) -> Option<u64> {
        match self.authority.get(role) {
            Some(limit) => *limit,
            None => Some(0),
        }
    }

    /// Every role with a limit (`None`: unlimited).
    pub fn authority(&self) -> &BTreeMap<String, Option<u64>> {
        &self.authority
    }

    /// The deadlines.
    pub fn deadlines(&self) -> &Deadlines {
        &self.deadlines
    }

    /// The input limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The same playbook under another name.
    pub fn with_name(mut self, name: impl Into<String>) -> Playbook {
        self.name = name.into();
        self
    }

    /// The same playbook with a rule turned on or off. `out-of-order` cannot be turned off: the
    /// stages are the workflow itself.
    pub fn with_rule(mut self, rule: RuleId, on: bool) -> Result<Playbook, Error> {
        if rule == RuleId::OutOfOrder && !on {
            return Err(Error::invalid("rules.out-of-order", "cannot be turned off"));
        }
        self.rules.set(rule, on);
        Ok(self)
    }

    /// The same playbook with a role's authority set (`None`: unlimited).
    pub fn with_authority(mut self, role: impl Into<String>, limit: Option<u64>) -> Playbook {
        self.authority.insert(role.into(), limit);
        self
    }

    /// The same playbook with another apology phrase list.
    pub fn with_apology_phrases<I, S>(mut self, phrases: I) -> Playbook
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.apology_phrases = ApologyPhrases::new(phrases.into_iter().map(Into::into).collect());
        self
    }

    /// The same playbook allowing or forbidding `too_upset` offers.
    pub fn with_too_upset_offers(mut self, allow: bool) -> Playbook {
        self.allow_too_upset_offers = allow;
        self
    }

    /// The same playbook in another currency.
    pub fn with_currency(mut self, currency: Currency) -> Playbook {
        self.currency = currency;
        self
    }

    /// The same playbook with other deadlines.
    pub fn with_deadlines(mut self, deadlines: Deadlines) -> Playbook {
        self.deadlines = deadlines;
        self
    }

    /// The same playbook with other input limits (each at least 1; `max_events` and `max_tasks` at
    /// most 4,294,967,295, as events and tasks are numbered with 32 bits).
    pub fn with_limits(mut self, limits: Limits) -> Result<Playbook, Error> {
        check_limits(&limits)?;
        self.limits = limits;
        Ok(self)
    }

    /// The playbook behind a shared pointer, as complaints hold it.
    pub fn shared(self) -> Arc<Playbook> {
        Arc::new(self)
    }
}

fn check_limits(limits: &Limits) -> Result<(), Error> {
    for (field, value) in [
        ("limits.max_text_bytes", limits.max_text_bytes),
        ("limits.max_events", limits.max_events),
        ("limits.max_tasks", limits.max_tasks),
    ] {
        if value == 0 {
            return Err(Error::invalid(field, "must be at least 1"));
        }
    }
    // Events are numbered by `seq` and tasks by `task_id`, both 32-bit.
    for (field, value, what) in [
        ("limits.max_events", limits.max_events, "events are numbered"),
        ("limits.max_tasks", limits.max_tasks, "tasks are numbered"),
    ] {
        if value > MAX_COUNT {
            return Err(Error::invalid(
                field,
                format!("must be at most {MAX_COUNT}: {what} with 32 bits"),
            ));
        }
    }
    Ok(())
}

/// The most `limits.max_events` and `limits.max_tasks` may be: `seq` and `task_id` are 32-bit.
const MAX_COUNT: usize = u32::MAX as usize;

impl Serialize for Playbook {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out<'a> {
            base: Preset,
            name: &'a str,
            rules: BTreeMap<&'static str, bool>,
            apology_phrases: &'a [String],
            allow_too_upset_offers: bool,
            currency: Currency,
            authority: &'a BTreeMap<String, Option<u64>>,
            deadlines: &'a Deadlines,
            limits: Limits,
        }
        Out {
            base: self.base,
            name: &self.name,
            rules: RuleId::ALL
                .iter()
                .map(|r| (r.as_str(), self.rule_is_on(*r)))
                .collect(),
            apology_phrases: &self.apology_phrases.phrases,
            allow_too_upset_offers: self.allow_too_upset_offers,
            currency: self.currency,
            authority: &self.authority,
            deadlines: &self.deadlines,
            limits: self.limits,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Playbook {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <PlaybookWire as Deserialize>::deserialize(d)?
            .build()
            .map_err(serde::de::Error::custom)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
struct PlaybookWire {
    base: Option<Preset>,
    name: Option<String>,
    rules: Option<BTreeMap<String, bool>>,
    apology_phrases: Option<Vec<String>>,
    allow_too_upset_offers: Option<bool>,
    currency: Option<Currency>,
    authority: Option<BTreeMap<String, Option<u64>>>,
    deadlines: Option<BTreeMap<String, Option<Period>>>,
    limits: Option<LimitsWire>,
}

map_only!(PlaybookWire, "a playbook object");

#[derive(Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
struct LimitsWire {
    max_text_bytes: Option<usize>,
    max_events: Option<usize>,
    max_tasks: Option<usize>,
}

map_only!(LimitsWire, "a limits object");

impl PlaybookWire {
    fn build(self) -> Result<Playbook, Error> {
        let base = self
            .base
            .ok_or_else(|| Error::invalid("base", "missing: name the preset to start from"))?;
        let mut playbook = base.playbook();
        if let Some(name) = self.name {
            if name.trim().is_empty() {
                return Err(Error::invalid("name", "must not be empty"));
            }
            playbook.name = name;
        }
        for (id, on) in self.rules.into_iter().flatten() {
            let field = format!("rules.{id}");
            let rule = RuleId::from_name(&id)
                .ok_or_else(|| Error::invalid(field.clone(), format!("unknown rule id `{id}`")))?;
            playbook = playbook.with_rule(rule, on)?;
        }
        if let Some(phrases) = self.apology_phrases {
            if let Some(i) = phrases.iter().position(|p| words_of(p).next().is_none()) {
                return Err(Error::invalid(
                    format!("apology_phrases[{i}]"),
                    "a phrase needs at least one word",
                ));
            }
            playbook = playbook.with_apology_phrases(phrases);
        }
        if let Some(allow) = self.allow_too_upset_offers {
            playbook.allow_too_upset_offers = allow;
        }
        if let Some(currency) = self.currency {
            playbook.currency = currency;
        }
        for (role, limit) in self.authority.into_iter().flatten() {
            if role.trim().is_empty() {
                return Err(Error::invalid("authority", "a role name must not be empty"));
            }
            playbook.authority.insert(role, limit);
        }
        for (name, period) in self.deadlines.into_iter().flatten() {
            let d = &mut playbook.deadlines;
            let slot = match name.as_str() {
                "first_response" => &mut d.first_response,
                "plan_within" => &mut d.plan_within,
                "follow_up_within" => &mut d.follow_up_within,
                "resolve_within" => &mut d.resolve_within,
                _ => {
                    return Err(Error::invalid(
                        format!("deadlines.{name}"),
                        format!(
                            "unknown deadline `{name}`, expected one of: first_response, plan_within, follow_up_within, resolve_within"
                        ),
                    ))
                }
            };
            *slot = period;
        }
        if let Some(l) = self.limits {
            let mut limits = playbook.limits;
            limits.max_text_bytes = l.max_text_bytes.unwrap_or(limits.max_text_bytes);
            limits.max_events = l.max_events.unwrap_or(limits.max_events);
            limits.max_tasks = l.max_tasks.unwrap_or(limits.max_tasks);
            playbook = playbook.with_limits(limits)?;
        }
        Ok(playbook)
    }
}

#[cfg(test)]
mod tests {
    use super::ApologyPhrases;
    use proptest::prelude::*;

    /// What the general path finds: a trailing `é`, a word no phrase holds, makes the statement
    /// non-ASCII.
    fn general(phrases: &ApologyPhrases, statement: &str) -> Option<usize> {
        phrases.find(&format!("{statement} \u{e9}"))
    }

    fn phrases() -> ApologyPhrases {
        ApologyPhrases::new(
            [
                "but",
                "however",
                "if you feel",
                "you should have",
                "calm down",
                "our policy",
                "unfortunately",
                "unfortunate",
                "it's",
                "o'clock",
                "désolé",
                "2nd",
                "",
            ]
            .map(String::from)
            .to_vec(),
        )
    }

    #[test]
    fn ascii_statements_find_what_the_general_path_finds() {
        let phrases = phrases();
        for (statement, expected) in [
            ("I am sorry the late delivery cost you that sale.", None),
            ("I am sorry, BUT you were late", Some(0)),
            ("Sorry. However...", Some(1)),
            ("sorry if you FEEL bad", Some(2)),
            ("sorry if you feel", Some(2)),
            ("sorry if you", None),
            ("please Calm   down", Some(4)),
            ("UNFORTUNATELY so", Some(6)),
            ("unfortunatelyy so", None),
            ("unfortunat", None),
            ("it is unfortunate", Some(7)),
            ("It's late", Some(8)),
            ("its late", None),
            ("at ten o'clock", Some(9)),
            ("the 2ND time", Some(11)),
            ("butter", None),
            ("", None),
            ("!!!", None),
        ] {
            assert_eq!(phrases.find(statement), expected, "{statement:?}");
            assert_eq!(phrases.find_in_ascii(statement), Some(expected), "{statement:?}");
            assert_eq!(general(&phrases, statement), expected, "{statement:?}");
        }
        // More than 32 words: the general path alone.
        let long = format!("{} but", "sorry ".repeat(40));
        assert_eq!(phrases.find_in_ascii(&long), None);
        assert_eq!(phrases.find(&long), Some(0));
        // A non-ASCII word of a phrase is never an ASCII statement's.
        assert_eq!(phrases.find("desole"), None);
        assert_eq!(phrases.find("Désolé!"), Some(10));
    }

    proptest! {
        #[test]
        fn ascii_and_general_paths_agree(
            words in prop::collection::vec(
                prop::sample::select(vec![
                    "but", "BUT", "However", "if", "you", "You", "feel", "should", "have",
                    "calm", "down", "our", "policy", "unfortunately", "UNFORTUNATE",
                    "unfortunatelx", "it's", "O'Clock", "2nd", "sorry", "late", "x",
                ]),
                0..40,
            ),
            separators in prop::collection::vec(
                prop::sample::select(vec![" ", ", ", ".", "  ", "\t", "-", "!\n"]),
                40,
            ),
        ) {
            let statement: String = words
                .iter()
                .zip(&separators)
                .flat_map(|(w, s)| [*w, *s])
                .collect();
            let phrases = phrases();
            let found = phrases.find(&statement);
            prop_assert_eq!(found, general(&phrases, &statement));
            if words.len() <= 32 {
                prop_assert_eq!(phrases.find_in_ascii(&statement), Some(found));
            }
        }
    }
}
