//! CPU time spent by the clients: every thread of this process except the loopback servers'
//! (named `bench-server`), read in nanoseconds from `/proc/self/task/*/schedstat`. Unlike wall
//! time it does not count waiting for a core, so other load on a shared machine moves it less.

use std::collections::BTreeMap;
use std::time::Duration;

/// Nanoseconds on a CPU so far, per thread id, for the threads not serving.
#[derive(Clone, Debug, Default)]
pub struct CpuSnapshot(BTreeMap<u64, u64>);

impl CpuSnapshot {
    /// The current counters (empty where `/proc` cannot be read).
    pub fn now() -> CpuSnapshot {
        let mut threads = BTreeMap::new();
        let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
            return CpuSnapshot(threads);
        };
        for task in tasks.flatten() {
            let path = task.path();
            let Some(tid) = task.file_name().to_str().and_then(|s| s.parse().ok()) else {
                continue;
            };
            let comm = std::fs::read_to_string(path.join("comm")).unwrap_or_default();
            if comm.trim() == "bench-server" {
                continue;
            }
            let schedstat = std::fs::read_to_string(path.join("schedstat")).unwrap_or_default();
            if let Some(ns) = schedstat
                .split_whitespace()
                .next()
                .and_then(|v| v.parse().ok())
            {
                threads.insert(tid, ns);
            }
        }
        CpuSnapshot(threads)
    }

    /// CPU time since `earlier`, summed over the threads alive now (a thread that ended in
    /// between loses its share; the clients' runtime keeps its threads).
    pub fn since(&self, earlier: &CpuSnapshot) -> Duration {
        let nanos: u64 = (self.0.iter())
            .map(|(tid, ns)| ns.saturating_sub(earlier.0.get(tid).copied().unwrap_or(0)))
            .sum();
        Duration::from_nanos(nanos)
    }
}
