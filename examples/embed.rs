//! regkb as a library: load the embedded knowledge base once, describe a
//! product as a scenario over it, ask whether it may be dispensed by
//! notification, and print the answer with the legal source of the rule
//! that gave it. Run with `cargo run --example embed`.

use regkb::explain::Node;
use regkb::{Base, Options};
use std::sync::Arc;

/// The first source cited on the way down the explanation.
fn first_source(node: &Node) -> Option<String> {
    if let Some(s) = &node.source {
        return Some(match &s.locator {
            Some(l) => format!("{} ({l})", s.citation),
            None => s.citation.clone(),
        });
    }
    node.children.iter().find_map(first_source)
}

fn main() -> Result<(), regkb::Error> {
    let options = Options::default();
    let base = Arc::new(Base::embedded(&options.limits)?);
    let mut scenario = base.scenario();
    let facts = "product(p1). ma_in(p1, de).";
    scenario.add_text("<facts>", facts)?;
    println!("Scenario: {facts}");
    for query in ["?- why notifiable(p1).", "?- why requires_approval(p1)."] {
        for r in scenario.ask(query, &options)? {
            for e in r.explanations.iter().flatten() {
                println!("{}? {}", e.goal, if e.holds { "yes" } else { "no" });
                match first_source(&e.tree) {
                    Some(s) if e.holds => println!("  because of {s}"),
                    Some(s) => println!("  the rule tried: {s}"),
                    None => println!("  (no source cited)"),
                }
                for facts in &e.would_hold_with {
                    println!("  it would hold with {}", facts.join(" and "));
                }
            }
        }
    }
    Ok(())
}
