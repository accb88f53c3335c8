//! The generated mock tests of the real documents that are known to fail against Prism, each
//! with its reason; `super::surprises` fails the run on any other failure and on a known one
//! that passes, so the list stays exact.

/// `(document, test, why it fails)`, as classified from a run on 2026-12-02 (68 of 1 354 calls
/// failed; 65 on 2026-12-03, once the mock tests' strings matched their `pattern`s): mostly Prism's own mock answers breaking the document's schema; then limits of the
/// mock tests' synthesized values (a `pattern`, a union body matching more than one arm),
/// documented redirects to another host (refused: the API key header would go there) or that
/// Prism answers without a `Location`, documented 101 upgrades (a status outside 2xx is an
/// `Error::Api`), and Prism's limits (HEAD, `*/*`, text bodies).
pub const KNOWN_FAILURES: &[(&str, &str, &str)] = &[
    (
        "llamacloud-platform",
        "operations::billing_downgrade_plan",
        "Prism's mock answer breaks the document's schema: Response body must be equal to constant",
    ),
    (
        "llamacloud-platform",
        "operations::jobs_list",
        "Prism's mock answer breaks the document's schema: Response body property jobs.0.job_record.partitions must be equal to one of the allowed values: data",
    ),
    (
        "llamacloud-platform",
        "operations::parsing_get_job_image_result",
        "Prism answers 500 with a non-JSON image body it then rejects",
    ),
    (
        "llamacloud-platform",
        "operations::parsing_get_job_image_result_deprecated",
        "Prism answers 500 with a non-JSON image body it then rejects",
    ),
    (
        "llamacloud-platform",
        "operations::pipelines_list_document_chunks",
        "Prism's mock answer breaks the document's schema: Response body property 0.relationships must be equal to one of the allowed values: 1, 2, 3, 4, 5",
    ),
    (
        "llamacloud-platform",
        "operations::pipelines_run_search",
        "Prism's mock answer breaks the document's schema: Response body property retrieval_nodes.0.node.relationships must be equal to one of the allowed valu",
    ),
    (
        "llamacloud-platform",
        "operations::reports_create",
        "Prism reads an array of multipart parts (several under one name) as one value (stoplightio/prism#2654, open): Request body property files must be array",
    ),
    (
        "llamacloud-platform",
        "operations::reports_get",
        "Prism's mock answer breaks the document's schema: Response body property report.blocks.0.sources.0.node.relationships must be equal to one of the allo",
    ),
    (
        "llamacloud-platform",
        "operations::reports_get_plan",
        "Prism's mock answer breaks the document's schema: Response body property blocks.0.block.sources.0.node.relationships must be equal to one of the allow",
    ),
    (
        "llamacloud-platform",
        "operations::reports_list",
        "Prism's mock answer breaks the document's schema: Response body property report_responses.0.report.blocks.0.sources.0.node.relationships must be equal",
    ),
    (
        "llamacloud-platform",
        "operations::reports_suggest_edits",
        "Prism's mock answer breaks the document's schema: Response body property 0.blocks.0.sources.0.node.relationships must be equal to one of the allowed v",
    ),
    (
        "llamacloud-platform",
        "operations::reports_update",
        "Prism's mock answer breaks the document's schema: Response body property report.blocks.0.sources.0.node.relationships must be equal to one of the allo",
    ),
    (
        "llamacloud-platform",
        "operations::reports_update_plan",
        "Prism's mock answer breaks the document's schema: Response body property report.blocks.0.sources.0.node.relationships must be equal to one of the allo",
    ),
    (
        "ory-kratos",
        "operations::frontend_update_login_flow",
        "the test's synthesized request breaks the document: Request body must have required property 'provider'",
    ),
    (
        "ory-kratos",
        "operations::frontend_update_recovery_flow",
        "the test's synthesized request breaks the document: Request body must match exactly one schema in oneOf",
    ),
    (
        "ory-kratos",
        "operations::frontend_update_registration_flow",
        "the test's synthesized request breaks the document: Request body must have required property 'provider'",
    ),
    (
        "ory-kratos",
        "operations::frontend_update_settings_flow",
        "the test's synthesized request breaks the document: Request body must have required property 'traits'",
    ),
    (
        "ory-kratos",
        "operations::frontend_update_verification_flow",
        "the test's synthesized request breaks the document: Request body must match exactly one schema in oneOf",
    ),
    (
        "qdrant",
        "operations::collections_get_optimizations",
        "Prism's mock answer lacks a required field of a recursive schema",
    ),
    (
        "radarr",
        "operations::ping_head",
        "Prism answers HEAD with a media type its own validation rejects",
    ),
    (
        "radarr",
        "operations::static_resource_get",
        "the test's synthesized path value ignores the parameter's `pattern`",
    ),
    (
        "svix",
        "operations::health_head",
        "Prism answers HEAD with a media type its own validation rejects",
    ),
    (
        "svix",
        "operations::message_attempt_expunge_content",
        "the document gives no success response; Prism answers its first, 401",
    ),
    (
        "svix",
        "operations::message_expunge_content",
        "the document gives no success response; Prism answers its first, 401",
    ),
    (
        "text-generation-inference",
        "operations::text_generation_inference_chat_completions",
        "Prism's mock answer breaks the document's schema: Response body property created must be integer",
    ),
    (
        "text-generation-inference",
        "operations::text_generation_inference_compat_generate",
        "Prism's mock answer breaks the document's schema: Response body property token.special must be boolean",
    ),
    (
        "text-generation-inference",
        "operations::text_generation_inference_completions",
        "Prism cannot mock this answer from its schema (NO_COMPLEX_OBJECT_TEXT)",
    ),
    (
        "text-generation-inference",
        "operations::text_generation_inference_generate",
        "Prism's mock answer breaks the document's schema: Response body property details.best_of_sequences.0.tokens.0.special must be boolean",
    ),
    (
        "text-generation-inference",
        "operations::text_generation_inference_generate_stream",
        "Prism's mock answer breaks the document's schema: Response body property token.special must be boolean",
    ),
    (
        "text-generation-inference",
        "operations::text_generation_inference_get_model_info",
        "Prism's mock answer breaks the document's schema: Response body property max_best_of must be integer",
    ),
    (
        "text-generation-inference",
        "operations::text_generation_inference_sagemaker_compatibility",
        "Prism's mock answer breaks the document's schema: Response body property token.special must be boolean",
    ),
    (
        "quayio",
        "operations::robot_create_org_robot",
        "Prism does not match `Accept: application/json` to a `*/*` response",
    ),
    (
        "quayio",
        "operations::user_get_logged",
        "Prism does not match `Accept: application/json` to a `*/*` response",
    ),
    (
        "supabase-auth",
        "operations::auth_get_verify",
        "a documented 3xx redirect to the example Location on another host: refused, since the API key header would go there",
    ),
    (
        "supabase-auth",
        "operations::auth_post_signup",
        "Prism's mock answer breaks the document's schema: Response body must match exactly one schema in oneOf",
    ),
    (
        "supabase-auth",
        "operations::oauth_client_get_authorize",
        "a documented 3xx redirect to the example Location on another host: refused, since the API key header would go there",
    ),
    (
        "supabase-auth",
        "operations::oauth_client_get_callback",
        "a documented 3xx redirect to the example Location on another host: refused, since the API key header would go there",
    ),
    (
        "supabase-auth",
        "operations::oauth_client_post_callback",
        "a documented 3xx redirect to the example Location on another host: refused, since the API key header would go there",
    ),
    (
        "supabase-auth",
        "operations::oauth_server_get_oauth_authorize",
        "a documented 3xx redirect to the example Location on another host: refused, since the API key header would go there",
    ),
    (
        "supabase-auth",
        "operations::saml_post_acs",
        "a documented 3xx redirect to the example Location on another host: refused, since the API key header would go there",
    ),
    (
        "supabase-auth",
        "operations::user_get_identities_authorize",
        "a documented 3xx redirect to the example Location on another host: refused, since the API key header would go there",
    ),
    (
        "together",
        "operations::audio_realtime_transcription",
        "a documented 101 (a WebSocket upgrade): Prism answers it, and a status outside 2xx is an `Error::Api`",
    ),
    (
        "together",
        "operations::audio_realtime_tts",
        "a documented 101 (a WebSocket upgrade): Prism answers it, and a status outside 2xx is an `Error::Api`",
    ),
    (
        "together",
        "operations::audio_speech",
        "Prism cannot mock this answer from its schema (NO_COMPLEX_OBJECT_TEXT)",
    ),
    (
        "together",
        "operations::chat_completions",
        "Prism cannot mock this answer from its schema (NO_COMPLEX_OBJECT_TEXT)",
    ),
    (
        "together",
        "operations::completion_completions",
        "Prism cannot mock this answer from its schema (NO_COMPLEX_OBJECT_TEXT)",
    ),
    (
        "together",
        "operations::deployments_storage_get",
        "a documented 307 that Prism answers without a `Location`: not followable, so an `Error::Api`",
    ),
    (
        "together",
        "operations::evaluation_create_job",
        "the test's synthesized request breaks the document: Request body property parameters must have required property 'min_score'",
    ),
    (
        "together",
        "operations::evaluation_get_job_status_and_results",
        "Prism's mock answer breaks the document's schema: Response body property results must match exactly one schema in oneOf",
    ),
    (
        "together",
        "operations::fine_tuning_get_fine_tunes_by_id",
        "Prism's mock answer breaks the document's schema: Response body property events.0.level must be string",
    ),
    (
        "together",
        "operations::fine_tuning_get_fine_tunes_by_id_events",
        "Prism's mock answer breaks the document's schema: Response body property data.0.level must be string",
    ),
    (
        "together",
        "operations::rl_get_training_session",
        "Prism's mock answer breaks the document's schema: Response body property lora_config.rank must be integer",
    ),
    (
        "together",
        "operations::rl_list_training_sessions",
        "Prism's mock answer breaks the document's schema: Response body property data.0.lora_config.rank must be integer",
    ),
    (
        "together",
        "operations::rl_start_training_session",
        "Prism's mock answer breaks the document's schema: Response body property lora_config.rank must be integer",
    ),
    (
        "together",
        "operations::rl_stop_training_session",
        "Prism's mock answer breaks the document's schema: Response body property lora_config.rank must be integer",
    ),
    (
        "typesense",
        "operations::documents_delete_documents",
        "Prism requires the properties of an optional exploded query object",
    ),
    (
        "typesense",
        "operations::documents_multi_search",
        "Prism's mock answer breaks the document's schema: Response body property results.0.grouped_hits.0.hits.0.highlights must be array",
    ),
    (
        "typesense",
        "operations::documents_search_collection",
        "Prism's mock answer breaks the document's schema: Response body property grouped_hits.0.hits.0.highlights must be array",
    ),
    (
        "typesense",
        "operations::presets_get",
        "Prism's mock answer breaks the document's schema: Response body must have required property 'value'",
    ),
    (
        "typesense",
        "operations::presets_retrieve_all_presets",
        "Prism's mock answer breaks the document's schema: Response body property presets.0 must have required property 'value'",
    ),
    (
        "typesense",
        "operations::presets_upsert",
        "Prism's mock answer breaks the document's schema: Response body must have required property 'value'",
    ),
    (
        "typesense",
        "operations::stopwords_delete_set",
        "Prism's mock answer breaks the document's schema: Response body must be object",
    ),
    (
        "typesense",
        "operations::stopwords_retrieve_set",
        "Prism's mock answer breaks the document's schema: Response body must be object",
    ),
    (
        "typesense",
        "operations::stopwords_retrieve_sets",
        "Prism's mock answer breaks the document's schema: Response body must be object",
    ),
    (
        "typesense",
        "operations::stopwords_upsert_set",
        "Prism's mock answer breaks the document's schema: Response body must be object",
    ),
];
