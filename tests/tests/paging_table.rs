//! Which operations of the real documents in `tests/real-specs/` page, and how: one line per
//! paginated operation (document, endpoint, method, style with the parameters and fields it
//! uses), derived without `sdk.yaml` and compared with `tests/real-specs/pagination.txt`, so a
//! detection change is reviewed as a diff. `UPDATE_SNAPSHOTS=1` rewrites the file.
//!
//! Beside the table, each style must be found in at least one real document, and named
//! operations are pinned to their style (Stripe's `starting_after`, PagerDuty's offset, …).

use generator::ir::{Operation, Resource};
use generator::load::load_inputs;
use generator::lower::lower;
use std::fs;
use tests::snapshot::{repo_root, updating};

fn walk<'r>(resources: &'r [Resource], out: &mut Vec<(&'r Resource, &'r Operation)>) {
    for resource in resources {
        out.extend(resource.operations.iter().map(|op| (resource, op)));
        walk(&resource.children, out);
    }
}

/// The table, computed once for the tests of this file (lowering every document takes a while
/// in a debug build).
fn table() -> String {
    static TABLE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TABLE.get_or_init(compute_table).clone()
}

/// `stripe: GET /v1/customers customers.list: item_id starting_after/ending_before <- id; …`
fn compute_table() -> String {
    let dir = repo_root().join("tests/real-specs");
    let mut documents: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json") || name.ends_with(".yaml"))
        .collect();
    documents.sort();
    let mut lines = Vec::new();
    for document in &documents {
        let text = fs::read_to_string(dir.join(document)).unwrap();
        let inputs = load_inputs(&text, None).unwrap_or_else(|e| panic!("{document}: {e:?}"));
        let api = lower(&inputs)
            .unwrap_or_else(|e| panic!("{document}: {e:?}"))
            .api;
        let stem = document
            .rsplit_once('.')
            .map_or(document.as_str(), |(stem, _)| stem);
        let mut ops = Vec::new();
        walk(&api.resources, &mut ops);
        for (resource, op) in ops {
            if let Some(page) = &op.pagination {
                lines.push(format!(
                    "{stem}: {} {}.{}: {}",
                    op.endpoint(),
                    resource.accessor_path.join("."),
                    op.method_name,
                    page.summary
                ));
            }
        }
    }
    lines.sort();
    lines.join("\n") + "\n"
}

#[test]
fn paginated_operations_of_the_real_documents_match_the_table() {
    let now = table();
    let golden = repo_root().join("tests/real-specs/pagination.txt");
    let recorded = fs::read_to_string(&golden).unwrap_or_default();
    if recorded != now && updating() {
        fs::write(&golden, &now).unwrap();
        return;
    }
    let removed = recorded.lines().filter(|l| !now.lines().any(|n| n == *l));
    let added = now.lines().filter(|l| !recorded.lines().any(|r| r == *l));
    let diff: Vec<_> = removed
        .map(|l| format!("- {l}"))
        .chain(added.map(|l| format!("+ {l}")))
        .collect();
    assert!(
        diff.is_empty(),
        "{} changed:\n{}\nTo accept it, run: UPDATE_SNAPSHOTS=1 cargo test -p tests --test paging_table",
        golden.display(),
        diff.join("\n")
    );
}

/// The line of one operation, if it pages.
fn line_of<'t>(table: &'t str, document: &str, endpoint: &str) -> Option<&'t str> {
    let prefix = format!("{document}: {endpoint} ");
    table.lines().find(|line| line.starts_with(&prefix))
}

#[test]
fn every_style_has_a_real_document_that_uses_it() {
    let table = table();
    let expect = |document: &str, endpoint: &str, style: &str| {
        let line = line_of(&table, document, endpoint)
            .unwrap_or_else(|| panic!("{document}: {endpoint} does not page"));
        let summary = line.split(": ").nth(2).unwrap();
        assert!(summary.starts_with(style), "{line}: expected `{style}`");
    };
    // A cursor in the body (PagerDuty's audit records).
    expect(
        "pagerduty",
        "GET /audit/records",
        "cursor cursor <- next_cursor; items records",
    );
    // The last item's id while `has_more` (Stripe, and OpenAI's `after`).
    expect(
        "stripe",
        "GET /v1/customers",
        "item_id starting_after/ending_before <- id",
    );
    expect("openai", "GET /assistants", "item_id after/before <- id");
    // `has_more` nested in an envelope (Together's `meta.has_more`).
    expect(
        "together",
        "GET /rl/training-sessions",
        "item_id after <- id; items data; has_more meta.has_more",
    );
    // Offset + limit, with a total (PagerDuty's `more` too) and without one (Datadog).
    expect(
        "pagerduty",
        "GET /addons",
        "offset offset; items addons; has_more more; total total",
    );
    expect(
        "llamacloud-platform",
        "GET /api/v1/jobs/",
        "offset offset; items jobs; total total_count",
    );
    expect("datadog-v1", "GET /api/v1/slo", "offset offset; items data");
    // Page number + page size (Radarr), counted from 0 where the spec says so (Datadog).
    expect(
        "radarr",
        "GET /api/v3/history",
        "page page/pageSize; items records; total totalRecords",
    );
    expect(
        "datadog-v1",
        "GET /api/v1/synthetics/tests",
        "page page_number/page_size from 0",
    );
    // A next-page URL in the body (Twilio's `next_page_uri`, relative to the host).
    expect(
        "twilio-api-v2010",
        "GET /2010-04-01/Accounts.json",
        "next_url next_page_uri",
    );
    // The `Link` header over a bare array (Ory Kratos pages its lists with `page_token`).
    expect("ory-kratos", "GET /admin/identities", "link_header");
    // An offset or page number over a bare array, with a page size (FastAPI's `skip`/`limit`
    // at LlamaCloud, Datadog's monitors).
    expect(
        "llamacloud-platform",
        "GET /api/v1/pipelines/{pipeline_id}/documents",
        "offset skip/limit (a bare array)",
    );
    expect(
        "datadog-v1",
        "GET /api/v1/monitor",
        "page page/page_size (a bare array)",
    );
}

#[test]
fn a_limit_alone_or_a_date_range_is_not_pagination() {
    let table = table();
    // `limit` only (Discord pins take `before` + `limit`, but no `after`).
    for (document, endpoint) in [
        ("e2b", "GET /teams/{teamID}/metrics"),
        ("radarr", "GET /api/v3/calendar"),
        ("discord", "GET /channels/{channel_id}/messages/pins"),
        ("pagerduty", "GET /alert_grouping_settings"),
    ] {
        assert_eq!(
            line_of(&table, document, endpoint),
            None,
            "{document}: {endpoint}"
        );
    }
}
