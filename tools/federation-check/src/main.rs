//! Composes grommet subgraph SDLs with Apollo's `apollo-federation` crate and plans queries.
//!
//! ```text
//! federation-check NAME=URL=SDL_FILE... [--query QUERY_FILE]...
//! ```
//! Prints one JSON object: `{"supergraph": sdl, "hints": [...], "plans": [{"query", "text",
//! "plan"}]}`. Composition errors go to stderr, one per line, and the exit status is 1;
//! usage errors exit 2.

use std::process::ExitCode;

use apollo_compiler::ExecutableDocument;
use apollo_federation::composition::{compose, CompositionOptions};
use apollo_federation::query_plan::query_planner::{
    QueryPlanOptions, QueryPlanner, QueryPlannerConfig,
};
use apollo_federation::subgraph::typestate::Subgraph;
use apollo_federation::Supergraph;
use serde_json::json;

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(output) => {
            println!("{output}");
            ExitCode::SUCCESS
        }
        Err((code, message)) => {
            eprintln!("{message}");
            ExitCode::from(code)
        }
    }
}

fn run(args: Vec<String>) -> Result<String, (u8, String)> {
    let usage = || {
        (
            2,
            "usage: federation-check NAME=URL=SDL_FILE... [--query FILE]...".into(),
        )
    };
    let mut subgraphs = Vec::new();
    let mut queries = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--query" {
            let path = args.next().ok_or_else(usage)?;
            queries.push(read(&path)?);
            continue;
        }
        let mut parts = arg.splitn(3, '=');
        let (Some(name), Some(url), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(usage());
        };
        let sdl = read(path)?;
        let subgraph = Subgraph::parse(name, url, &sdl).map_err(|e| (1, format!("{name}: {e}")))?;
        subgraphs.push(subgraph);
    }
    if subgraphs.is_empty() {
        return Err(usage());
    }
    let composed = compose(subgraphs, CompositionOptions::default()).map_err(|failure| {
        let lines: Vec<String> = failure.errors.iter().map(|e| e.to_string()).collect();
        (1, lines.join("\n"))
    })?;
    let supergraph_sdl = composed.schema().schema().to_string();
    let hints: Vec<String> = composed
        .hints()
        .iter()
        .map(|h| h.message().to_string())
        .collect();
    // The specs the router supports (the security ones among them), as the router checks them.
    let supergraph =
        Supergraph::new_with_router_specs(&supergraph_sdl).map_err(|e| (1, e.to_string()))?;
    let planner = QueryPlanner::new(&supergraph, QueryPlannerConfig::default())
        .map_err(|e| (1, e.to_string()))?;
    let api_schema = planner.api_schema().schema();
    let mut plans = Vec::new();
    for query in queries {
        let document = ExecutableDocument::parse_and_validate(api_schema, &query, "query.graphql")
            .map_err(|e| (1, e.to_string()))?;
        let plan = planner
            .build_query_plan(&document, None, QueryPlanOptions::default())
            .map_err(|e| (1, e.to_string()))?;
        let structured = serde_json::to_value(&plan).map_err(|e| (1, e.to_string()))?;
        plans.push(json!({"query": query, "text": plan.to_string(), "plan": structured}));
    }
    let output = json!({"supergraph": supergraph_sdl, "hints": hints, "plans": plans});
    Ok(output.to_string())
}

fn read(path: &str) -> Result<String, (u8, String)> {
    std::fs::read_to_string(path).map_err(|e| (2, format!("{path}: {e}")))
}
