//! Stage diagrams drawn from the transitions the verification explored: golden Mermaid and DOT for
//! `strict`, the DOT rendered by Graphviz when it is installed.

use amends::{ActionKind as K, Diagram, Limits, Playbook, Preset, RuleId, Stage};
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

// Reviewed by hand; `AMENDS_BLESS=1` rewrites them.
const STRICT_MMD: &str = include_str!("diagram/strict.mmd");
const STRICT_DOT: &str = include_str!("diagram/strict.dot");

/// The strict preset's diagram, drawn once for every test here.
fn strict() -> &'static Diagram {
    static STRICT: OnceLock<Diagram> = OnceLock::new();
    STRICT.get_or_init(|| Diagram::of(&Playbook::default()))
}

/// Renders DOT text to SVG with Graphviz, or `None` (with a note) when `dot` is not installed;
/// in CI (`CI` set), where `.ci/run` installs it, a missing `dot` fails the test.
fn render(dot: &str) -> Option<String> {
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && std::env::var_os("CI").is_none() => {
            println!("note: Graphviz `dot` is not on PATH: the DOT is not rendered (CI installs it)");
            return None;
        }
        Err(e) => panic!("cannot run dot: {e}"),
    };
    child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "dot refused the DOT: {}\n{dot}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "dot warned: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

/// Checks an SVG from `dot` is a whole document with a node per stage and an edge per arrow.
fn check_svg(svg: &str, diagram: &Diagram) {
    assert!(svg.starts_with("<?xml"), "{svg}");
    assert!(svg.contains("<svg"), "{svg}");
    assert!(svg.trim_end().ends_with("</svg>"), "{svg}");
    for stage in Stage::ALL {
        assert!(
            svg.contains(&format!("<title>{stage}</title>")),
            "no node for {stage}"
        );
    }
    // One per edge, plus the arrow into `open`.
    assert_eq!(svg.matches("class=\"edge\"").count(), diagram.edges.len() + 1);
}

#[test]
fn strict_diagrams_match_the_golden_files() {
    let mermaid = strict().to_mermaid();
    let dot = strict().to_dot();
    if std::env::var_os("AMENDS_BLESS").is_some() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/diagram");
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(format!("{dir}/strict.mmd"), &mermaid).unwrap();
        std::fs::write(format!("{dir}/strict.dot"), &dot).unwrap();
    }
    assert_eq!(mermaid, STRICT_MMD);
    assert_eq!(dot, STRICT_DOT);
}

#[test]
fn the_docs_show_the_current_strict_diagrams() {
    let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs");
    for (file, golden) in [("strict.mmd", STRICT_MMD), ("strict.dot", STRICT_DOT)] {
        let text = std::fs::read_to_string(format!("{docs}/{file}")).unwrap();
        assert_eq!(text, golden, "docs/{file} is stale: run `make diagrams`");
    }
    let svg = std::fs::read_to_string(format!("{docs}/strict.svg")).unwrap();
    check_svg(&svg, strict());
}

#[test]
fn strict_dot_renders_to_svg() {
    if let Some(svg) = render(&strict().to_dot()) {
        check_svg(&svg, strict());
    }
}

#[test]
fn strict_edges_carry_the_rules_that_guard_them_and_authority() {
    let d = strict();
    let edge = |from: Stage, to: Stage| {
        d.edges
            .iter()
            .find(|e| e.from == from && e.to == to)
            .unwrap_or_else(|| panic!("no edge {from} -> {to}"))
    };
    let agree = edge(Stage::Resolving, Stage::Agreed);
    assert_eq!(agree.moves.len(), 1);
    assert_eq!(agree.moves[0].kinds, [K::Agree]);
    assert_eq!(
        agree.moves[0].guards,
        [
            RuleId::ApologyBeforeRemedy,
            RuleId::AuthorityLimit,
            RuleId::OutOfOrder
        ]
    );
    let close = edge(Stage::FollowingUp, Stage::Closed);
    assert_eq!(
        close.moves[0].guards,
        [
            RuleId::FollowUpBeforeClose,
            RuleId::SatisfiedToResolve,
            RuleId::ThankBeforeClose,
            RuleId::RootCauseBeforeClose,
            RuleId::PreventionBeforeClose
        ]
    );
    assert_eq!(edge(Stage::Open, Stage::Listening).moves[0].kinds, [K::Listen]);
    assert_eq!(
        edge(Stage::Resolving, Stage::FollowingUp).moves[0].guards,
        [RuleId::StandFirmNeedsBadFaith]
    );
    // strict asks for a confirmed restatement, so nothing leads from listening to resolving.
    assert!(!d
        .edges
        .iter()
        .any(|e| e.from == Stage::Listening && e.to == Stage::Resolving));
    let roles: Vec<(&str, Option<u64>)> = d
        .authority
        .iter()
        .map(|a| (a.role.as_str(), a.limit.map(|m| m.amount)))
        .collect();
    assert_eq!(
        roles,
        [
            ("agent", Some(5000)),
            ("supervisor", Some(50000)),
            ("manager", None)
        ]
    );
    let mermaid = d.to_mermaid();
    assert!(mermaid.contains(
        "resolving --> agreed : agree [apology-before-remedy,<br/>authority-limit, out-of-order]<br/>\
         agent ≤ 50.00 USD, supervisor ≤ 500.00 USD,<br/>manager unlimited\n"
    ));
    let resolving = &d.stages[Stage::Resolving as usize];
    assert_eq!(resolving.stage, Stage::Resolving);
    assert!(resolving.stays.contains(&K::Approve) && resolving.stays.contains(&K::Request));
    assert_eq!(
        d.stays_everywhere(),
        [
            K::Listen,
            K::Thank,
            K::Apologize,
            K::Diagnose,
            K::SuspectBadFaith,
            K::Prevention,
            K::Escalate,
            K::Note
        ]
    );
}

#[test]
fn mermaid_labels_hold_nothing_that_ends_a_label() {
    for preset in [Preset::SevenStep, Preset::ThinkFirst] {
        let mermaid = Diagram::of(&preset.playbook()).to_mermaid();
        let transitions: Vec<&str> = mermaid.lines().filter(|l| l.contains(" --> ")).collect();
        assert!(transitions.len() > 5, "{mermaid}");
        for line in transitions {
            if let Some((_, label)) = line.split_once(" : ") {
                assert!(!label.contains([':', ';', '#']), "{line}");
            }
        }
    }
}

#[test]
fn a_playbook_without_restatement_goes_from_listening_to_resolving() {
    let d = Diagram::of(&Preset::SevenStep.playbook());
    let edge = d
        .edges
        .iter()
        .find(|e| e.from == Stage::Listening && e.to == Stage::Resolving)
        .unwrap();
    // An offer still waits for the question (ask-customer-first), so only `ask` takes it.
    assert_eq!(edge.moves.len(), 1);
    assert_eq!(edge.moves[0].kinds, [K::Ask]);
    assert_eq!(edge.moves[0].guards, []);
    assert!(!d.to_dot().contains("restate-before-resolving"));
}

#[test]
fn unreachable_stages_are_drawn_dashed() {
    let limits = Limits {
        max_events: 6,
        ..Limits::default()
    };
    let d = Diagram::of(&Playbook::default().with_limits(limits).unwrap());
    let unreachable: Vec<Stage> = d
        .stages
        .iter()
        .filter(|s| !s.reachable)
        .map(|s| s.stage)
        .collect();
    assert_eq!(
        unreachable,
        [Stage::Agreed, Stage::Acting, Stage::FollowingUp, Stage::Closed]
    );
    let mermaid = d.to_mermaid();
    assert!(mermaid.contains("    state \"closed (unreachable)\" as closed\n    class closed unreachable\n"));
    let dot = d.to_dot();
    assert!(dot.contains("    \"closed\" [label=\"closed\\nunreachable\", style=\"rounded,dashed\"];\n"));
    assert!(!d.edges.iter().any(|e| e.to == Stage::Closed));
    if let Some(svg) = render(&dot) {
        check_svg(&svg, &d);
    }
}

#[test]
fn names_are_escaped() {
    let playbook = Preset::SevenStep
        .playbook()
        .with_name("Acme \"gold\" \\ tier\nsecond line");
    let d = Diagram::of(&playbook);
    let dot = d.to_dot();
    assert!(
        dot.starts_with("digraph \"Acme \\\"gold\\\" \\\\ tier second line\" {\n"),
        "{dot}"
    );
    let mermaid = d.to_mermaid();
    assert!(
        mermaid.starts_with("---\ntitle: \"Acme \\\"gold\\\" \\\\ tier second line\"\n---\n"),
        "{mermaid}"
    );
    if let Some(svg) = render(&dot) {
        check_svg(&svg, &d);
    }
}

#[test]
fn role_names_cannot_end_a_mermaid_label() {
    let playbook = Preset::SevenStep
        .playbook()
        .with_authority("head: of #1; care", Some(100_000));
    let mermaid = Diagram::of(&playbook).to_mermaid();
    let agree = mermaid
        .lines()
        .find(|l| l.starts_with("    resolving --> agreed : "))
        .unwrap();
    let (_, label) = agree.split_once(" : ").unwrap();
    assert!(!label.contains([':', ';', '#']), "{agree}");
    assert!(
        label.contains("head\u{a789} of \u{ff03}1\u{37e} care ≤ 1000.00 USD"),
        "{agree}"
    );
}

#[test]
fn diagrams_are_deterministic_and_serialise() {
    let playbook = Preset::MakeItRight.playbook();
    let (a, b) = (Diagram::of(&playbook), Diagram::of(&playbook));
    assert_eq!(a, b);
    assert_eq!(a.to_dot(), b.to_dot());
    let json: serde_json::Value = serde_json::to_value(&a).unwrap();
    assert_eq!(json["playbook"], "make_it_right");
    assert_eq!(json["stages"][0]["stage"], "open");
    assert_eq!(json["edges"][0]["from"], "open");
    assert_eq!(
        json["edges"][0]["moves"][0]["kinds"],
        serde_json::json!(["listen"])
    );
    assert_eq!(
        json["authority"][0],
        serde_json::json!({"role": "agent", "limit": {"amount": 5000, "currency": "USD"}})
    );
}
