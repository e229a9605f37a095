//! A playbook's stage diagram, drawn from the transitions [`verify`](crate::verify) explored with
//! the engine itself: Mermaid `stateDiagram-v2` and Graphviz DOT.
//!
//! Nodes are the eight stages. There is one edge per (from-stage, to-stage) pair some accepted
//! action took, labelled with the action kinds that take it, each followed by the rules that
//! refused some attempt of that kind in the from-stage (its guards, in brackets, in check order),
//! and on edges taken by `agree` or `approve` the authority limits. Actions that keep the stage are
//! listed on the stage itself ("stays on …"); the kinds that keep every stage from `listening` to
//! `following_up` are listed once, in a legend. Output is sorted, so the same playbook always gives
//! the same text.

use crate::action::{ActionKind, Money};
use crate::playbook::Playbook;
use crate::rules::RuleId;
use crate::stage::Stage;
use serde::Serialize;
use std::fmt::Write;

/// How long a line of guard ids may grow before it wraps.
const WRAP: usize = 44;

/// The stage diagram of a playbook.
///
/// ```
/// use amends::{Diagram, Playbook};
/// let diagram = Diagram::of(&Playbook::preset("seven_step")?);
/// assert!(diagram.to_mermaid().contains("resolving --> agreed : agree [apology-before-remedy"));
/// assert!(diagram.to_dot().starts_with("digraph \"seven_step\" {"));
/// # Ok::<(), amends::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Diagram {
    /// The playbook's name.
    pub playbook: String,
    /// Every stage, in workflow order.
    pub stages: Vec<StageNode>,
    /// The moves between different stages, by from-stage then to-stage.
    pub edges: Vec<Edge>,
    /// The roles of the playbook's authority table, by limit (unlimited last), then name.
    pub authority: Vec<Authority>,
}

/// A stage of the diagram.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StageNode {
    /// The stage.
    pub stage: Stage,
    /// Whether some path reaches it.
    pub reachable: bool,
    /// The action kinds accepted here that keep the stage, in vocabulary order.
    pub stays: Vec<ActionKind>,
}

/// The moves from one stage to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Edge {
    /// Where the moves start.
    pub from: Stage,
    /// Where they lead.
    pub to: Stage,
    /// The action kinds that take this edge, grouped by the rules that guard them.
    pub moves: Vec<Move>,
}

/// Action kinds that take one edge and share their guards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Move {
    /// The action kinds, in vocabulary order.
    pub kinds: Vec<ActionKind>,
    /// The rules that refused some attempt of these kinds in the from-stage, in check order.
    pub guards: Vec<RuleId>,
}

/// What one role may grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Authority {
    /// The role.
    pub role: String,
    /// The most it may grant; `None` is unlimited.
    pub limit: Option<Money>,
}

impl Diagram {
    /// The diagram of a playbook: runs [`verify`](crate::verify) and keeps its picture.
    pub fn of(playbook: &Playbook) -> Diagram {
        crate::verify(playbook).into_diagram()
    }

    /// Builds the diagram from what the search saw: the depth each stage is first reached at,
    /// the accepted kinds by (from, to) stage and the refusing rules by (stage, kind), as bits.
    pub(crate) fn from_search(
        playbook: &Playbook,
        reached: &[Option<usize>; 8],
        moves: &[[u32; 8]; 8],
        guards: &[[u32; 32]; 8],
    ) -> Diagram {
        let kinds = |bits: u32| -> Vec<ActionKind> {
            ActionKind::ALL
                .iter()
                .copied()
                .filter(|k| bits & (1 << k.number()) != 0)
                .collect()
        };
        let rules = |bits: u32| -> Vec<RuleId> {
            RuleId::ALL
                .iter()
                .copied()
                .filter(|r| bits & (1 << r.number()) != 0)
                .collect()
        };
        let stages = Stage::ALL
            .iter()
            .map(|s| StageNode {
                stage: *s,
                reachable: reached[*s as usize].is_some(),
                stays: kinds(moves[*s as usize][*s as usize]),
            })
            .collect();
        let mut edges = Vec::new();
        for from in Stage::ALL {
            for to in Stage::ALL {
                let bits = moves[*from as usize][*to as usize];
                if from == to || bits == 0 {
                    continue;
                }
                let mut grouped: Vec<Move> = Vec::new();
                for kind in kinds(bits) {
                    let guard = rules(guards[*from as usize][kind as usize]);
                    match grouped.iter_mut().find(|m| m.guards == guard) {
                        Some(m) => m.kinds.push(kind),
                        None => grouped.push(Move {
                            kinds: vec![kind],
                            guards: guard,
                        }),
                    }
                }
                edges.push(Edge {
                    from: *from,
                    to: *to,
                    moves: grouped,
                });
            }
        }
        let mut authority: Vec<Authority> = playbook
            .authority()
            .iter()
            .map(|(role, limit)| Authority {
                role: role.clone(),
                limit: limit.map(|l| Money::new(l, playbook.currency())),
            })
            .collect();
        authority.sort_by(|a, b| {
            let rank = |x: &Authority| x.limit.map_or(u128::MAX, |m| u128::from(m.amount));
            rank(a).cmp(&rank(b)).then_with(|| a.role.cmp(&b.role))
        });
        Diagram {
            playbook: playbook.name().to_string(),
            stages,
            edges,
            authority,
        }
    }

    /// The kinds that keep the stage in every reachable stage between `open` and `closed`: the
    /// legend lists them once, the stages only their others.
    pub fn stays_everywhere(&self) -> Vec<ActionKind> {
        let middle: Vec<&StageNode> = self
            .stages
            .iter()
            .filter(|s| s.reachable && !matches!(s.stage, Stage::Open | Stage::Closed))
            .collect();
        match middle.split_first() {
            Some((first, rest)) if !rest.is_empty() => first
                .stays
                .iter()
                .copied()
                .filter(|k| rest.iter().all(|s| s.stays.contains(k)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The lines that describe a stage: its name, then what it stays on.
    fn stage_lines(&self, node: &StageNode, everywhere: &[ActionKind]) -> Vec<String> {
        let mut lines = Vec::new();
        if !node.reachable {
            lines.push("unreachable".to_string());
            return lines;
        }
        let middle = !matches!(node.stage, Stage::Open | Stage::Closed);
        let own: Vec<ActionKind> = node
            .stays
            .iter()
            .copied()
            .filter(|k| !(middle && everywhere.contains(k)))
            .collect();
        if !own.is_empty() {
            lines.extend(wrap("stays on ", &names(&own)));
        }
        if node.stays.contains(&ActionKind::Approve) || node.stays.contains(&ActionKind::Agree) {
            lines.extend(self.authority_lines());
        }
        lines
    }

    /// The lines that label an edge: each move's kinds and guards, then authority if it applies.
    fn edge_lines(&self, edge: &Edge) -> Vec<String> {
        let mut lines = Vec::new();
        for m in &edge.moves {
            let kinds = names(&m.kinds).join(", ");
            if m.guards.is_empty() {
                lines.push(kinds);
            } else {
                let guards: Vec<&str> = m.guards.iter().map(|r| r.as_str()).collect();
                let mut wrapped = wrap(&format!("{kinds} ["), &guards);
                if let Some(last) = wrapped.last_mut() {
                    last.push(']');
                }
                lines.extend(wrapped);
            }
        }
        let decides = |m: &Move| {
            m.kinds
                .iter()
                .any(|k| matches!(k, ActionKind::Agree | ActionKind::Approve))
        };
        if edge.moves.iter().any(decides) {
            lines.extend(self.authority_lines());
        }
        lines
    }

    /// The authority limits, as `agent ≤ 50.00 USD, …, manager unlimited`.
    fn authority_lines(&self) -> Vec<String> {
        let limits: Vec<String> = self
            .authority
            .iter()
            .map(|a| match a.limit {
                Some(limit) => format!("{} ≤ {limit}", a.role),
                None => format!("{} unlimited", a.role),
            })
            .collect();
        let limits: Vec<&str> = limits.iter().map(String::as_str).collect();
        wrap("", &limits)
    }

    /// The legend's lines: what every stage between open and closed stays on.
    fn legend_lines(&self) -> Vec<String> {
        let everywhere = self.stays_everywhere();
        if everywhere.is_empty() {
            return Vec::new();
        }
        let mut lines = vec!["every stage from listening to following_up".to_string()];
        lines.extend(wrap("also stays on ", &names(&everywhere)));
        lines
    }

    /// The diagram as Mermaid `stateDiagram-v2` text.
    pub fn to_mermaid(&self) -> String {
        let mut out = String::new();
        // A YAML string in double quotes.
        let title = self
            .playbook
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace(['\n', '\r'], " ");
        let _ = writeln!(out, "---\ntitle: \"{title}\"\n---");
        out.push_str("stateDiagram-v2\n    direction TB\n");
        out.push_str("    [*] --> open\n");
        if self.stages.iter().any(|s| !s.reachable) {
            out.push_str("    classDef unreachable stroke-dasharray: 5 5\n");
        }
        for node in self.stages.iter().filter(|s| !s.reachable) {
            let _ = writeln!(out, "    state \"{0} (unreachable)\" as {0}", node.stage);
            let _ = writeln!(out, "    class {} unreachable", node.stage);
        }
        for edge in &self.edges {
            let label: Vec<String> = self.edge_lines(edge).iter().map(|l| mermaid_text(l)).collect();
            let _ = writeln!(out, "    {} --> {} : {}", edge.from, edge.to, label.join("<br/>"));
        }
        let everywhere = self.stays_everywhere();
        for node in self.stages.iter().filter(|s| s.reachable) {
            let lines = self.stage_lines(node, &everywhere);
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(out, "    note right of {}", node.stage);
            for line in lines {
                let _ = writeln!(out, "        {}", mermaid_text(&line));
            }
            out.push_str("    end note\n");
        }
        let legend = self.legend_lines();
        if !legend.is_empty() {
            out.push_str("    note left of open\n");
            for line in legend {
                let _ = writeln!(out, "        {line}");
            }
            out.push_str("    end note\n");
        }
        out
    }

    /// The diagram as Graphviz DOT text (render with `dot -Tsvg`).
    pub fn to_dot(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "digraph \"{}\" {{", dot_escape(&self.playbook));
        out.push_str("    rankdir=TB;\n");
        out.push_str("    node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];\n");
        out.push_str("    edge [fontname=\"Helvetica\", fontsize=9];\n");
        out.push_str("    start [shape=point, label=\"\"];\n");
        let everywhere = self.stays_everywhere();
        for node in &self.stages {
            let mut lines = vec![node.stage.to_string()];
            lines.extend(self.stage_lines(node, &everywhere));
            let style = if node.reachable {
                ""
            } else {
                ", style=\"rounded,dashed\""
            };
            let _ = writeln!(
                out,
                "    \"{}\" [label=\"{}\"{style}];",
                node.stage,
                dot_lines(&lines)
            );
        }
        out.push_str("    start -> \"open\";\n");
        for edge in &self.edges {
            let _ = writeln!(
                out,
                "    \"{}\" -> \"{}\" [label=\"{}\"];",
                edge.from,
                edge.to,
                dot_lines(&self.edge_lines(edge))
            );
        }
        let legend = self.legend_lines();
        if !legend.is_empty() {
            let _ = writeln!(
                out,
                "    legend [shape=note, fontsize=9, label=\"{}\"];",
                dot_lines(&legend)
            );
        }
        out.push_str("}\n");
        out
    }
}

/// The public names of action kinds.
fn names(kinds: &[ActionKind]) -> Vec<&'static str> {
    kinds.iter().map(|k| k.as_str()).collect()
}

/// `items` joined by `, ` after `lead`, wrapped into lines of about [`WRAP`] characters.
fn wrap(lead: &str, items: &[&str]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = lead.to_string();
    for (i, item) in items.iter().enumerate() {
        let last = i + 1 == items.len();
        let piece = if last {
            item.to_string()
        } else {
            format!("{item},")
        };
        let fresh = line.is_empty() || line == lead;
        if !fresh && line.chars().count() + 1 + piece.chars().count() > WRAP {
            lines.push(std::mem::take(&mut line));
        } else if !fresh && !line.ends_with(['[', ' ']) {
            line.push(' ');
        }
        line.push_str(&piece);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Text Mermaid shows as written: a transition label ends at `:`, `;` or `#`, which only a role
/// name could hold, so those become look-alikes.
fn mermaid_text(text: &str) -> String {
    text.replace(':', "\u{a789}")
        .replace(';', "\u{37e}")
        .replace('#', "\u{ff03}")
        .replace(['\n', '\r'], " ")
}

/// Escapes text for a quoted DOT string.
fn dot_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\n', '\r'], " ")
}

/// Lines as one DOT label, centred.
fn dot_lines(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| dot_escape(l))
        .collect::<Vec<_>>()
        .join("\\n")
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_keeps_items_whole_and_lines_short() {
        let items = [
            "follow-up-before-close",
            "satisfied-to-resolve",
            "thank-before-close",
        ];
        assert_eq!(
            wrap("close [", &items),
            [
                "close [follow-up-before-close,",
                "satisfied-to-resolve, thank-before-close"
            ]
        );
        assert_eq!(wrap("", &["a", "b"]), ["a, b"]);
        assert!(wrap("x", &[]).first().is_some_and(|l| l == "x"));
    }
}
