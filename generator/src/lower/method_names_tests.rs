//! The naming table: real operationIds, paths and tags from public documents (the file each row
//! comes from is named; copies with provenance are in `tests/real-specs/` or the shared corpus
//! described by its `SOURCE.md`), plus the default operationId formats of frameworks no document
//! here uses (NestJS, springfox, springdoc), as their documentation gives them.

use super::*;
use crate::naming::{RESOURCE_SCOPE_RESERVED, client_env_prefix, crate_name, product_name};

fn op<'a>(
    http_method: &'a str,
    path: &'a str,
    operation_id: Option<&'a str>,
    tags: &'a [String],
) -> NamingInput<'a> {
    NamingInput {
        http_method,
        path,
        operation_id,
        tags,
    }
}

/// operationId → its words without the framework's additions.
#[test]
fn operation_ids_lose_framework_noise() {
    let cases = [
        // FastAPI (llamacloud-platform.json): `{function}_{path}_{method}`.
        (
            "list_deployments_api_v1_projects__project_id__agents_get",
            "get",
            "/api/v1/projects/{project_id}/agents",
            "list_deployments",
        ),
        (
            "get_job_image_result_api_parsing_job__job_id__result_image__name__get",
            "get",
            "/api/parsing/job/{job_id}/result/image/{name}",
            "get_job_image_result",
        ),
        (
            "sync_deployments_api_v1_projects__project_id__agents_sync_post",
            "post",
            "/api/v1/projects/{project_id}/agents:sync",
            "sync_deployments",
        ),
        (
            "add_files_to_pipeline_api_api_v1_pipelines__pipeline_id__files_put",
            "put",
            "/api/v1/pipelines/{pipeline_id}/files",
            "add_files_to_pipeline",
        ),
        (
            "get_jobs_api_v1_jobs__get",
            "get",
            "/api/v1/jobs/",
            "get_jobs",
        ),
        // NestJS default (`${Controller}_${method}`), from its documentation, and the gRPC
        // gateway's `Service_Method` (together.yaml).
        ("CatsController_findAll", "get", "/cats", "find_all"),
        (
            "GPUClusterService_Get",
            "get",
            "/compute/clusters/{cluster_id}",
            "get",
        ),
        // Azure / NSwag `Tag_Operation`.
        ("Users_GetById", "get", "/users/{id}", "get_by_id"),
        ("Users_List", "get", "/users", "list"),
        // springfox (`UsingGET`, numbered duplicates) and springdoc (`_1`).
        ("getUserUsingGET", "get", "/user/{id}", "get_user"),
        ("findPetsUsingGET_1", "get", "/pets", "find_pets"),
        ("getUser_1", "get", "/user/{id}", "get_user"),
        // Dotted and slashed namespaces (svix.json, resend.yaml).
        (
            "v1.message-attempt.list-by-msg",
            "get",
            "/api/v1/app/{app_id}/attempt/msg/{msg_id}",
            "list_by_msg",
        ),
        (
            "domains/create-claim",
            "post",
            "/domains/claim",
            "create_claim",
        ),
        // Hand-written and Go-client styles are left as they are (openai.yaml, datadog-v1.yaml,
        // box.json, qdrant.json, petstore-expanded.yaml).
        (
            "list-project-rate-limits",
            "get",
            "/organization/projects/{project_id}/rate_limits",
            "list_project_rate_limits",
        ),
        (
            "ListSLOCorrection",
            "get",
            "/api/v1/slo/correction",
            "list_slo_correction",
        ),
        (
            "get_folders_id_trash",
            "get",
            "/folders/{folder_id}/trash",
            "get_folders_id_trash",
        ),
        (
            "create_shard_key",
            "put",
            "/collections/{collection_name}/shards",
            "create_shard_key",
        ),
        ("find pet by id", "get", "/pets/{id}", "find_pet_by_id"),
    ];
    for (id, method, path, expected) in cases {
        assert_eq!(
            operation_id_words(id, method, path).join("_"),
            expected,
            "{method} {path} {id}"
        );
    }
}

/// An operation as the table gives it: HTTP method, path, operationId.
type Row<'a> = (&'a str, &'a str, Option<&'a str>);

/// One resource's operations, as the document has them, → their method names.
fn names_of(resource: &str, rows: &[Row<'_>]) -> Vec<String> {
    let tags = [resource.to_owned()];
    let ops: Vec<NamingInput<'_>> = rows
        .iter()
        .map(|(method, path, id)| op(method, path, *id, &tags))
        .collect();
    method_names(resource, &ops, RESOURCE_SCOPE_RESERVED)
}

#[test]
fn conventional_verbs_where_method_and_path_make_them_obvious() {
    let tables: &[(&str, &[Row], &[&str])] = &[
        // FastAPI (llamacloud-platform.json).
        (
            "Data Sinks",
            &[
                (
                    "get",
                    "/api/v1/data-sinks",
                    Some("list_data_sinks_api_v1_data_sinks_get"),
                ),
                (
                    "post",
                    "/api/v1/data-sinks",
                    Some("create_data_sink_api_v1_data_sinks_post"),
                ),
                (
                    "put",
                    "/api/v1/data-sinks",
                    Some("upsert_data_sink_api_v1_data_sinks_put"),
                ),
                (
                    "get",
                    "/api/v1/data-sinks/{data_sink_id}",
                    Some("get_data_sink_api_v1_data_sinks__data_sink_id__get"),
                ),
                (
                    "put",
                    "/api/v1/data-sinks/{data_sink_id}",
                    Some("update_data_sink_api_v1_data_sinks__data_sink_id__put"),
                ),
                (
                    "delete",
                    "/api/v1/data-sinks/{data_sink_id}",
                    Some("delete_data_sink_api_v1_data_sinks__data_sink_id__delete"),
                ),
            ],
            &["list", "create", "upsert", "get", "update", "delete"],
        ),
        (
            "Organizations",
            &[
                (
                    "get",
                    "/api/v1/organizations/default",
                    Some("get_default_organization_api_v1_organizations_default_get"),
                ),
                (
                    "get",
                    "/api/v1/organizations/{organization_id}/users",
                    Some(
                        "list_organization_users_api_v1_organizations__organization_id__users_get",
                    ),
                ),
                (
                    "put",
                    "/api/v1/organizations/{organization_id}/users",
                    Some(
                        "add_users_to_organization_api_v1_organizations__organization_id__users_put",
                    ),
                ),
                (
                    "put",
                    "/api/v1/organizations/{organization_id}",
                    Some("update_existing_organization_api_v1_organizations__organization_id__put"),
                ),
            ],
            &[
                "get_default_organization",
                "list_users",
                "add_users",
                "update",
            ],
        ),
        (
            "Agent Deployments",
            &[
                (
                    "get",
                    "/api/v1/projects/{project_id}/agents",
                    Some("list_deployments_api_v1_projects__project_id__agents_get"),
                ),
                (
                    "post",
                    "/api/v1/projects/{project_id}/agents:sync",
                    Some("sync_deployments_api_v1_projects__project_id__agents_sync_post"),
                ),
            ],
            &["list", "sync"],
        ),
        // gRPC gateway (together.yaml): PUT on the collection is not `update` by shape, but
        // says so itself.
        (
            "SharedVolumeService",
            &[
                (
                    "get",
                    "/compute/clusters/storage/volumes",
                    Some("SharedVolumeService_List"),
                ),
                (
                    "put",
                    "/compute/clusters/storage/volumes",
                    Some("SharedVolumeService_Update"),
                ),
                (
                    "post",
                    "/compute/clusters/storage/volumes",
                    Some("SharedVolumeService_Create"),
                ),
                (
                    "get",
                    "/compute/clusters/storage/volumes/{volume_id}",
                    Some("SharedVolumeService_Get"),
                ),
                (
                    "delete",
                    "/compute/clusters/storage/volumes/{volume_id}",
                    Some("SharedVolumeService_Delete"),
                ),
            ],
            &["list", "update", "create", "get", "delete"],
        ),
        // Hand-written camelCase (pagerduty.json, museum.yaml, typesense.yaml).
        (
            "Users",
            &[
                ("get", "/users", Some("listUsers")),
                ("post", "/users", Some("createUser")),
                ("get", "/users/{id}", Some("getUser")),
                (
                    "get",
                    "/users/{id}/contact_methods",
                    Some("getUserContactMethods"),
                ),
                (
                    "delete",
                    "/users/{id}/contact_methods/{contact_method_id}",
                    Some("deleteUserContactMethod"),
                ),
            ],
            &[
                "list",
                "create",
                "get",
                "get_contact_methods",
                "delete_contact_method",
            ],
        ),
        (
            "Events",
            &[
                ("post", "/special-events", Some("createSpecialEvent")),
                ("get", "/special-events", Some("listSpecialEvents")),
                ("get", "/special-events/{eventId}", Some("getSpecialEvent")),
            ],
            &[
                "create_special_event",
                "list_special_events",
                "get_special_event",
            ],
        ),
        (
            "collections",
            &[
                ("get", "/collections", Some("getCollections")),
                (
                    "get",
                    "/collections/{collectionName}",
                    Some("getCollection"),
                ),
                (
                    "patch",
                    "/collections/{collectionName}",
                    Some("updateCollection"),
                ),
            ],
            &["list", "get", "update"],
        ),
        // NestJS's documented example.
        (
            "cats",
            &[
                ("get", "/cats", Some("CatsController_findAll")),
                ("get", "/cats/{id}", Some("CatsController_findOne")),
                ("post", "/cats", Some("CatsController_create")),
            ],
            &["list", "get", "create"],
        ),
        // Stripe's path-echo ids (stripe.yaml, no tags: the resource comes from the path).
        (
            "customers",
            &[
                ("get", "/v1/customers", Some("GetCustomers")),
                (
                    "delete",
                    "/v1/customers/{customer}",
                    Some("DeleteCustomersCustomer"),
                ),
                (
                    "get",
                    "/v1/customers/{customer}",
                    Some("GetCustomersCustomer"),
                ),
                (
                    "post",
                    "/v1/customers/{customer}",
                    Some("PostCustomersCustomer"),
                ),
            ],
            &["list", "delete", "get", "post_customer"],
        ),
        // No operationIds at all: ASP.NET's Swashbuckle default (radarr.json) and e2b.yaml.
        (
            "Movie",
            &[
                ("get", "/api/v3/movie", None),
                ("post", "/api/v3/movie", None),
                ("get", "/api/v3/movie/{id}", None),
                ("put", "/api/v3/movie/{id}", None),
                ("delete", "/api/v3/movie/{id}", None),
                ("put", "/api/v3/movie/editor", None),
            ],
            &["list", "create", "get", "update", "delete", "put_editor"],
        ),
        (
            "sandboxes",
            &[
                ("get", "/sandboxes/metrics", None),
                ("get", "/sandboxes/{sandboxID}/metrics", None),
                ("post", "/sandboxes/{sandboxID}/pause", None),
            ],
            &[
                "get_metrics",
                "get_by_sandbox_id_metrics",
                "post_by_sandbox_id_pause",
            ],
        ),
    ];
    for (resource, rows, expected) in tables {
        assert_eq!(&names_of(resource, rows), expected, "resource {resource}");
    }
}

/// Two operations that would both be `update` (svix.json: PATCH and PUT on one application)
/// keep the names their ids give them rather than `update` and `update2`.
#[test]
fn colliding_conventional_names_fall_back_to_longer_ones() {
    let names = names_of(
        "Application",
        &[
            ("patch", "/api/v1/app/{app_id}", Some("patch_application")),
            ("put", "/api/v1/app/{app_id}", Some("v1.application.update")),
            ("get", "/api/v1/app/{app_id}", Some("v1.application.get")),
        ],
    );
    assert_eq!(names, ["patch", "update", "get"]);
    // Two GETs on one collection would both be `list`: each keeps what its id says instead.
    let names = names_of(
        "documents",
        &[
            ("get", "/documents", Some("getDocuments")),
            ("get", "/documents/", Some("listDocuments")),
        ],
    );
    assert_eq!(names, ["get", "list"]);
    // svix.json: GET and HEAD share one operationId; `GET /health` is one thing, not a list.
    let names = names_of(
        "Health",
        &[
            ("get", "/api/v1/health", Some("v1.health.get")),
            ("head", "/api/v1/health", Some("v1.health.get")),
        ],
    );
    assert_eq!(names, ["get", "head"]);
    // e2b.yaml: the same collection under two versions keeps the version, not a number.
    let names = names_of(
        "sandboxes",
        &[("get", "/sandboxes", None), ("get", "/v2/sandboxes", None)],
    );
    assert_eq!(names, ["get_sandboxes", "get_v2_sandboxes"]);
    // The handle's own methods are never taken.
    let names = names_of("things", &[("post", "/things/{id}/clone", Some("clone"))]);
    assert_eq!(names, ["post_by_id_clone"]);
    // The last resort is a number.
    let names = names_of(
        "things",
        &[
            ("get", "/things/a", Some("same")),
            ("get", "/things/a", Some("same")),
        ],
    );
    assert_eq!(names, ["get_things_a", "get_things_a_2"]);
}

#[test]
fn status_tags_are_not_resources_when_the_path_says_more() {
    let tags = |list: &[&str]| list.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
    let deprecated = tags(&["Deprecated"]);
    let beta_batches = tags(&["Beta", "Batches"]);
    let classifier = tags(&["Classifier", "Beta", "Classifier"]);
    let only_beta = tags(&["Beta"]);
    let cases = [
        (
            op("get", "/api/parsing/job/{job_id}", None, &deprecated),
            "parsing",
        ),
        (
            op("get", "/api/v1/beta/batches", None, &beta_batches),
            "Batches",
        ),
        (
            op("post", "/api/v1/classifier/classify", None, &classifier),
            "Classifier",
        ),
        (
            op("get", "/api/v1/beta/agent-data/{id}", None, &only_beta),
            "agent-data",
        ),
        (op("get", "/v2/{id}", None, &only_beta), "Beta"),
        (op("get", "/", None, &[]), "root"),
    ];
    for (input, expected) in cases {
        assert_eq!(resource_name(&input), expected, "{}", input.path);
    }
}

/// drf-spectacular's operationIds start with the resource (`leads_create`); the method is the
/// action. Only the resource's exact words are taken off: `invite_user` on "invites" keeps its verb.
#[test]
fn a_leading_resource_name_is_taken_off_the_operation_id() {
    let leads = ["leads".to_owned()];
    let invites = ["Invites".to_owned()];
    let ops = [
        op("get", "/api/leads/", Some("leads_list"), &leads),
        op("post", "/api/leads/", Some("leads_create"), &leads),
        op(
            "patch",
            "/api/leads/{id}/",
            Some("leads_partial_update"),
            &leads,
        ),
        op(
            "get",
            "/api/leads/by-owner/",
            Some("leads_by_owner"),
            &leads,
        ),
    ];
    let names = method_names("leads", &ops, &[]);
    assert_eq!(
        names,
        ["list", "create", "partial_update", "leads_by_owner"]
    );
    let ops = [op(
        "post",
        "/organization/invites",
        Some("invite_user"),
        &invites,
    )];
    assert_eq!(method_names("Invites", &ops, &[]), ["invite_user"]);
}

/// A tag that spells nothing in ASCII (Chinese and Korean FastAPI and springdoc documents) gives
/// way to the path; with no path segment either it is kept.
#[test]
fn tags_without_ascii_letters_give_way_to_the_path() {
    let users = ["用户".to_owned()];
    let subscriptions = ["구독".to_owned()];
    assert_eq!(
        resource_name(&op("get", "/api/user/info", None, &users)),
        "user"
    );
    assert_eq!(
        resource_name(&op("post", "/stores/{id}/subscribe", None, &subscriptions)),
        "stores"
    );
    assert_eq!(resource_name(&op("get", "/", None, &users)), "用户");
}

/// llamacloud-platform.json serves its parsing API twice, once tagged "Deprecated": both land on
/// `parsing`, the deprecated twin named as such.
#[test]
fn deprecated_twins_share_the_resource_with_a_suffix() {
    let parsing = ["Parsing".to_owned()];
    let deprecated = ["Deprecated".to_owned()];
    let ops = [
        op(
            "get",
            "/api/parsing/job/{job_id}",
            Some("get_job_api_parsing_job__job_id__get"),
            &deprecated,
        ),
        op(
            "get",
            "/api/v1/parsing/job/{job_id}",
            Some("get_job_api_v1_parsing_job__job_id__get"),
            &parsing,
        ),
        op(
            "post",
            "/api/parsing/screenshot",
            Some("screenshot_api_parsing_screenshot_post"),
            &deprecated,
        ),
    ];
    let tree = derive_tree(&ops, RESOURCE_SCOPE_RESERVED);
    assert_eq!(
        tree,
        [DerivedResource {
            name: "Parsing".to_owned(),
            methods: vec![
                ("get_job_deprecated".to_owned(), 0),
                ("get_job".to_owned(), 1),
                ("screenshot".to_owned(), 2),
            ],
        }]
    );
}

/// Titles of the documents in the corpus → crate name and environment variable prefix.
#[test]
fn crate_and_env_names_from_titles() {
    let cases = [
        ("Acme Tasks API", "acme-tasks-api", "ACME_TASKS"),
        ("Llama Platform", "llama-platform", "LLAMA_PLATFORM"),
        (
            "Swagger Petstore - OpenAPI 3.0",
            "swagger-petstore",
            "SWAGGER_PETSTORE",
        ),
        ("The Plaid API", "plaid-api", "PLAID"),
        (
            "Discord HTTP API (Preview)",
            "discord-http-api",
            "DISCORD_HTTP",
        ),
        (
            "Datadog API V1 Collection",
            "datadog-api-collection",
            "DATADOG_API_COLLECTION",
        ),
        ("Twilio - Api", "twilio-api", "TWILIO"),
        ("API", "api", "API"),
        ("2.0", "api-2-0", "API_2_0"),
    ];
    for (title, expected_crate, expected_prefix) in cases {
        let name = crate_name(&product_name(title));
        assert_eq!(name, expected_crate, "crate name for {title:?}");
        assert_eq!(
            client_env_prefix(&name),
            expected_prefix,
            "env prefix for {title:?}"
        );
    }
}
