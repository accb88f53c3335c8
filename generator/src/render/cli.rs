//! `ir::Cli` → the command-line tool's files: `src/cli.rs` (entry point, global flags, exit
//! codes) with its modules `args`, `output`, `stdin`, `value`, `yaml` and `commands` (one
//! module per resource command), and the binary `src/bin/<name>.rs`, which only calls
//! `cli::main`. The templates of `args`, `output`, `stdin`, `value` and `yaml` are written in
//! the formatter's layout for every view (tests below render each with the combinations of the
//! flags they read), so they skip `syn` like the runtime's files: syn is most of the chat
//! crate's generation time.

use super::{FileKind, RenderError, RenderedFile, render, render_owned};
use crate::ir::{Api, Cli, CliNeeds, CliParamField, CliResource, FieldAccessor, RuntimeNeeds};
use askama::Template;

#[derive(Template)]
#[template(path = "cli.rs.askama", escape = "none")]
struct CliView<'a> {
    cli: &'a Cli,
}

#[derive(Template)]
#[template(path = "cli_args.rs.askama", escape = "none")]
struct CliArgsView {
    needs: CliNeeds,
    runtime: RuntimeNeeds,
}

#[derive(Template)]
#[template(path = "cli_output.rs.askama", escape = "none")]
struct CliOutputView {
    needs: CliNeeds,
    runtime: RuntimeNeeds,
}

#[derive(Template)]
#[template(path = "cli_stdin.rs.askama", escape = "none")]
struct CliStdinView;

#[derive(Template)]
#[template(path = "cli_value.rs.askama", escape = "none")]
struct CliValueView {
    runtime: RuntimeNeeds,
}

#[derive(Template)]
#[template(path = "cli_yaml.rs.askama", escape = "none")]
struct CliYamlView {
    needs: CliNeeds,
}

#[derive(Template)]
#[template(path = "cli_commands.rs.askama", escape = "none")]
struct CliCommandsView<'a> {
    cli: &'a Cli,
}

#[derive(Template)]
#[template(path = "cli_resource.rs.askama", escape = "none")]
struct CliResourceView<'a> {
    resource: &'a CliResource,
    needs: CliNeeds,
}

#[derive(Template)]
#[template(path = "cli_bin.rs.askama", escape = "none")]
struct CliBinView<'a> {
    binary_name: &'a str,
    lib_name: &'a str,
}

/// The tool's files; nothing for an API without a CLI.
impl CliParamField {
    /// `input.required("id")?`; a field read through the runtime's `timestamp_read` is read
    /// as its `Wire` and unwrapped, since its type's own serde form is not the wire's.
    pub fn read_expr(&self) -> String {
        let (method, id) = (self.accessor.method(), self.flag_id.lit());
        if !self.wire_time {
            return format!("input.{method}({id})?");
        }
        let read = format!("input.{method}::<crate::runtime::timestamp_read::Wire<_>>({id})?");
        match self.accessor {
            FieldAccessor::Optional => format!("{read}.map(|value| value.0)"),
            FieldAccessor::Nullable => format!("{read}.map(|value| value.map(|value| value.0))"),
            _ => format!("{read}.0"),
        }
    }
}

pub fn render_cli(api: &Api) -> Result<Vec<RenderedFile>, RenderError> {
    let Some(cli) = &api.cli else {
        return Ok(Vec::new());
    };
    let (needs, runtime) = (cli.needs, api.needs);
    let mut files = vec![
        render(
            "src/cli.rs",
            FileKind::Rust,
            "cli.rs.askama",
            &CliView { cli },
        )?,
        render(
            "src/cli/args.rs",
            FileKind::FormattedRust,
            "cli_args.rs.askama",
            &CliArgsView { needs, runtime },
        )?,
        render(
            "src/cli/output.rs",
            FileKind::FormattedRust,
            "cli_output.rs.askama",
            &CliOutputView { needs, runtime },
        )?,
        render(
            "src/cli/stdin.rs",
            FileKind::FormattedRust,
            "cli_stdin.rs.askama",
            &CliStdinView,
        )?,
        render(
            "src/cli/value.rs",
            FileKind::FormattedRust,
            "cli_value.rs.askama",
            &CliValueView { runtime },
        )?,
        render(
            "src/cli/yaml.rs",
            FileKind::FormattedRust,
            "cli_yaml.rs.askama",
            &CliYamlView { needs },
        )?,
        render(
            "src/cli/commands.rs",
            FileKind::Rust,
            "cli_commands.rs.askama",
            &CliCommandsView { cli },
        )?,
        render_owned(
            format!("src/bin/{}.rs", cli.binary_name),
            FileKind::Rust,
            "cli_bin.rs.askama",
            &CliBinView {
                binary_name: &cli.binary_name,
                lib_name: &api.package.lib_name,
            },
        )?,
    ];
    for resource in &cli.resources {
        files.push(render_owned(
            format!("src/cli/commands/{}.rs", resource.module_name),
            FileKind::Rust,
            "cli_resource.rs.askama",
            &CliResourceView { resource, needs },
        )?);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::runtime::tests::assert_in_formatters_layout;

    /// Every combination of two flags.
    fn both_ways() -> [(bool, bool); 4] {
        [(false, false), (false, true), (true, false), (true, true)]
    }

    #[test]
    fn pre_formatted_cli_templates_are_in_the_formatters_layout_for_every_view() {
        assert_in_formatters_layout("cli_stdin.rs.askama", &CliStdinView.render().unwrap());
        for (pagination, event_streams) in both_ways() {
            let runtime = RuntimeNeeds {
                pagination,
                event_streams,
                ..RuntimeNeeds::default()
            };
            let text = CliValueView { runtime }.render().unwrap();
            assert_in_formatters_layout("cli_value.rs.askama", &text);
        }
        for (body_documents, json_flags) in both_ways() {
            let needs = CliNeeds {
                body_documents,
                json_flags,
                ..CliNeeds::default()
            };
            let text = CliYamlView { needs }.render().unwrap();
            assert_in_formatters_layout("cli_yaml.rs.askama", &text);
        }
    }

    /// The needs with the flags of `bits` set, in the order of `CliNeeds`' fields and then
    /// `RuntimeNeeds`' response kinds: bit 0 is `flags`.
    fn needs_of(bits: u32) -> (CliNeeds, RuntimeNeeds) {
        let on = |bit: u32| bits & (1 << bit) != 0;
        let needs = CliNeeds {
            flags: on(0),
            values: on(1),
            string_flags: on(2),
            integer_flags: on(3),
            number_flags: on(4),
            boolean_flags: on(5),
            enum_flags: on(6),
            integer_enum_flags: on(7),
            json_flags: on(8),
            file_flags: on(9),
            body_documents: on(10),
            forwarded_body_fields: on(11),
            rejected_body_fields: on(12),
            required_values: on(13),
            optional_values: on(14),
            nullable_values: on(15),
            required_files: on(16),
            optional_files: on(17),
            required_file_lists: on(18),
            optional_file_lists: on(19),
            required_uploads: on(20),
            optional_uploads: on(21),
            downloads: on(22),
            accepts: on(23),
        };
        let runtime = RuntimeNeeds {
            pagination: on(24),
            event_streams: on(25),
            json_responses: on(26),
            optional_json_responses: on(27),
            text_responses: on(28),
            empty_responses: on(29),
            ..RuntimeNeeds::default()
        };
        (needs, runtime)
    }

    /// `cli_output.rs.askama` reads nine flags: every combination of them.
    #[test]
    fn the_output_template_is_in_the_formatters_layout_for_every_view() {
        let read = [0, 1, 22, 24, 25, 26, 27, 28, 29];
        for combination in 0..1u32 << read.len() {
            let bits = (read.iter().enumerate())
                .filter(|(index, _)| combination & (1 << index) != 0)
                .fold(0, |bits, (_, bit)| bits | 1 << bit);
            let (needs, runtime) = needs_of(bits);
            let text = CliOutputView { needs, runtime }.render().unwrap();
            assert_in_formatters_layout("cli_output.rs.askama", &format!("{text}\n"));
        }
    }

    /// Needs the generator can produce: flags exactly when some kind of flag is used, and what
    /// only flags use only with them.
    fn consistent(bits: u32) -> u32 {
        let kinds = (2..10).any(|bit| bits & (1 << bit) != 0);
        // `values`, `downloads`, `accepts` and the runtime's response kinds stand alone.
        let alone = 1 << 1 | 1 << 22 | 1 << 23 | 0b111111 << 24;
        match kinds {
            true => bits | 1,
            false => bits & alone,
        }
    }

    /// The bits of `needs_of` that `cli_args.rs.askama` reads: `flags`, every kind of flag
    /// through `optional_uploads` (bits 2–21), `accepts` and `pagination`.
    const ARGS_READS: u32 = 1 | 0xF_FFFF << 2 | 1 << 23 | 1 << 24;

    /// The combinations `cli_args.rs.askama` is checked with: none, all, each flag it reads
    /// alone and each left out, and 200 more drawn with a fixed seed (2^23 views are too many to
    /// render each), made consistent and without repeats.
    fn args_combinations() -> Vec<u32> {
        let read = (0..30).filter(|bit| ARGS_READS & (1 << bit) != 0);
        let mut combinations = vec![0, ARGS_READS];
        for bit in read {
            combinations.extend([1 << bit, ARGS_READS & !(1 << bit)]);
        }
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200 {
            // xorshift64
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            combinations.push(state as u32 & ARGS_READS);
        }
        let mut combinations: Vec<u32> = combinations.into_iter().map(consistent).collect();
        combinations.sort_unstable();
        combinations.dedup();
        combinations
    }

    #[test]
    fn the_args_template_is_in_the_formatters_layout_for_every_view() {
        let combinations = args_combinations();
        assert!(combinations.len() > 200, "{} views", combinations.len());
        for bits in combinations {
            let (needs, runtime) = needs_of(bits);
            let text = CliArgsView { needs, runtime }.render().unwrap();
            assert_in_formatters_layout(
                &format!("cli_args.rs.askama ({bits:#x})"),
                &format!("{text}\n"),
            );
        }
    }
}
