//! Results → one Markdown table (printed to stdout, pasted into `bench/README.md`), headed by
//! the date, the machine (cores, CPU model, memory), the compiler and the exact command.

use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// One line of the table.
#[derive(Clone, Debug)]
pub struct Row {
    pub area: String,
    pub measurement: String,
    pub result: String,
    pub note: String,
}

/// A row; `note` may be empty.
pub fn row(area: &str, measurement: &str, result: String, note: String) -> Row {
    Row {
        area: area.to_owned(),
        measurement: measurement.to_owned(),
        result,
        note,
    }
}

/// The table, its header lines, the run's wall time and the load averages seen at its start
/// and end (other work on a shared machine shows there).
pub fn render(rows: &[Row], command: &str, wall: Duration, load_at_start: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "- date: {} (UTC)", today());
    let _ = writeln!(out, "- machine: {}", machine());
    let _ = writeln!(
        out,
        "- load average (1/5/15 min): {load_at_start} at the start, {} at the end",
        load_average()
    );
    let _ = writeln!(out, "- compiler: {}", tool_version("rustc"));
    let _ = writeln!(out, "- command: `{command}`");
    let _ = writeln!(out, "- wall time of the run: {:.0} s", wall.as_secs_f64());
    out.push('\n');
    let header = ["area", "measurement", "result", "note"];
    let cells = |row: &Row| {
        [
            row.area.clone(),
            row.measurement.clone(),
            row.result.clone(),
            row.note.clone(),
        ]
    };
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(cells(row)) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: [String; 4]| {
        let padded: Vec<String> = (cells.iter().zip(widths))
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        format!("| {} |\n", padded.join(" | "))
    };
    out.push_str(&line(header.map(str::to_owned)));
    out.push_str(&line(widths.map(|w| "-".repeat(w))));
    for row in rows {
        out.push_str(&line(cells(row)));
    }
    out
}

/// `nproc` cores, the CPU model and the memory of this machine.
pub fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = proc_field(&cpuinfo, "model name").unwrap_or("unknown CPU".to_owned());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_kb: f64 = proc_field(&meminfo, "MemTotal")
        .and_then(|v| v.trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    let memory_gib = memory_kb / 1024.0 / 1024.0;
    format!(
        "{cores} cores (nproc), {model}, {memory_gib:.1} GiB RAM, {}",
        os()
    )
}

/// The 1, 5 and 15 minute load averages from `/proc/loadavg`.
pub fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let fields: Vec<&str> = text.split_whitespace().take(3).collect();
    fields.join(" / ")
}

fn os() -> String {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!("Linux {}", release.trim())
}

/// The value of the first `name: value` line of a `/proc` file.
pub fn proc_field(text: &str, name: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key.trim() == name).then(|| value.trim().to_owned())
    })
}

/// `rustc --version` (or what went wrong).
fn tool_version(tool: &str) -> String {
    match Command::new(tool).arg("--version").output() {
        Ok(output) => String::from_utf8_lossy(&output.stdout).trim().to_owned(),
        Err(err) => format!("{tool}: {err}"),
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`, from the system clock.
pub fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (year, month, day) = civil_from_days((secs / 86_400) as i64);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_proc_fields() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_412), (2025, 11, 20));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        let text = "model name\t: AMD EPYC\nMemTotal:  100 kB\n";
        assert_eq!(proc_field(text, "model name").as_deref(), Some("AMD EPYC"));
        assert_eq!(proc_field(text, "MemTotal").as_deref(), Some("100 kB"));
        let table = render(
            &[row("a", "b", "c".into(), String::new())],
            "cmd",
            Duration::ZERO,
            "0",
        );
        assert!(
            table.contains("| a    | b           | c      |      |"),
            "{table}"
        );
    }
}
