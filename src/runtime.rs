//! Runtime: the libtorch that model stages run on: thread count and device selection, set once
//! per process, and a report of what is available (what `slant env` prints): the CPU features
//! that decide the precision, and the precision `--precision auto` runs in here.
//!
//! Not part of the documented library surface (see the crate docs, "What is public"): public
//! for the `slant` binary, training, evaluation and the integration tests.
#![doc(hidden)]

use crate::model::{cpu_features, CpuFeatures, Precision};
use serde::Serialize;

/// What libtorch offers on this machine.
#[derive(Debug, Clone, Serialize)]
pub struct RuntimeInfo {
    pub slant_version: &'static str,
    pub torch_threads: i32,
    pub cuda_available: bool,
    pub cuda_devices: i64,
    pub default_device: String,
    /// What runs the encoders (libtorch through tch; fused inference pass, see `model::encoder`).
    pub runtime: &'static str,
    /// The precision `--precision auto` runs in on the CPU of this machine.
    pub precision_auto: Precision,
    /// The precisions worth running on this CPU (`--precision`).
    pub precisions_available: Vec<Precision>,
    pub cpu_features: CpuFeatures,
    /// The libtorch_cpu.so this process loaded (from the rpath, a bundle's `lib/`, or
    /// LD_LIBRARY_PATH); None where it cannot be told.
    pub libtorch: Option<String>,
}

/// Stack size of slant's worker threads (the text stages run there).
pub const WORKER_STACK: usize = 16 * 1024 * 1024;

/// Sets the number of threads used by libtorch and by slant's own parallel stages.
/// `0` means all cores. Called once, before any work starts.
pub fn set_threads(threads: usize) -> usize {
    let threads = if threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { threads };
    tch::set_num_threads(threads as i32);
    // The global pool can be built once per process; later calls keep the first size.
    // Worker stacks sized for the deepest input the text stages accept (HTML nesting is bounded
    // by `extract::nesting`), with room to spare: a stack overflow would end the whole run.
    let _ = rayon::ThreadPoolBuilder::new().num_threads(threads).stack_size(WORKER_STACK).build_global();
    threads
}

/// Reports libtorch's view of the machine.
pub fn info() -> RuntimeInfo {
    let device = tch::Device::cuda_if_available();
    RuntimeInfo {
        slant_version: env!("CARGO_PKG_VERSION"),
        torch_threads: tch::get_num_threads(),
        cuda_available: tch::Cuda::is_available(),
        cuda_devices: tch::Cuda::device_count(),
        default_device: format!("{device:?}"),
        runtime: "libtorch",
        precision_auto: Precision::Auto.resolve(tch::Device::Cpu),
        precisions_available: Precision::available(),
        cpu_features: cpu_features(),
        libtorch: loaded_library("libtorch_cpu.so"),
    }
}

/// The path of a loaded shared library whose file name starts with `name`, from the process's
/// memory map (Linux; elsewhere None).
fn loaded_library(name: &str) -> Option<String> {
    let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
    maps.lines()
        .filter_map(|line| line.split_whitespace().nth(5))
        .find(|path| path.rsplit('/').next().is_some_and(|file| file.starts_with(name)))
        .map(str::to_string)
}
