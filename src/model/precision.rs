//! [`Precision`]: the number format the encoders run in at inference, and what this CPU offers.
//!
//! Weights are stored in fp16 and trained in fp32. At inference the encoder layers can run in
//! bf16 where the CPU multiplies bf16 natively (AVX-512 BF16, AMX); embeddings, the classifier
//! heads, their logits and softmax stay fp32, so that decisions near a tie are taken as in fp32.
//! `auto` picks bf16 only on such a CPU (detected at run time, so one binary serves every
//! machine), fp32 everywhere else. Records say which ran (`slant.precision`): the two agree to
//! rounding, not byte for byte, so a corpus split over machines of different kinds should name
//! one precision.

use serde::Serialize;
use tch::{Device, Kind};

/// Whether bf16 may be the default (BENCHMARKS.md, "Speed"). It holds the accuracy guards
/// against fp32 on the same code: CoNLL test F1 0.9013 (fp32 0.9010), NewsMTSC devtest_mt 0.7553
/// (0.7553), PerSenT dev nested-CV macro-F1 0.4825 (0.4825; the guard is 0.01), seeds unchanged.
/// It is the same for any thread count and any batching: inference pads each sequence to a
/// length of its own ([`super::padded_len`]), so a document's records do not depend on the
/// documents it is tagged with (`scripts/check_spark.sh`, `tests/precision.rs`).
pub const BF16_VALIDATED: bool = true;

/// The precision asked for; [`Precision::resolve`] turns `Auto` into the one that runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// bf16 where the CPU has native bf16 arithmetic and bf16 was validated, else fp32.
    #[default]
    Auto,
    /// Single precision throughout.
    Fp32,
    /// Encoder layers in bfloat16; embeddings and heads in fp32.
    Bf16,
}

impl Precision {
    /// The precision that runs on `device`: `Auto` becomes bf16 on a CPU with native bf16
    /// ([`cpu_features`]) once [`BF16_VALIDATED`], fp32 otherwise; an explicit choice is kept (bf16 on a CPU without it
    /// is correct but emulated, and slower than fp32).
    pub fn resolve(self, device: Device) -> Precision {
        match self {
            Precision::Auto if BF16_VALIDATED && device == Device::Cpu && cpu_features().avx512_bf16 => Precision::Bf16,
            Precision::Auto => Precision::Fp32,
            chosen => chosen,
        }
    }

    /// The tensor kind the encoder layers compute in.
    pub(crate) fn kind(self) -> Kind {
        match self {
            Precision::Bf16 => Kind::BFloat16,
            Precision::Auto | Precision::Fp32 => Kind::Float,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Auto => "auto",
            Precision::Fp32 => "fp32",
            Precision::Bf16 => "bf16",
        }
    }

    /// The precisions worth running on this CPU: fp32 always, bf16 where it is native.
    pub fn available() -> Vec<Precision> {
        let mut all = vec![Precision::Fp32];
        if cpu_features().avx512_bf16 {
            all.push(Precision::Bf16);
        }
        all
    }
}

/// The CPU features that decide what runs fast (as `slant env` shows them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CpuFeatures {
    pub avx512f: bool,
    pub avx512_bf16: bool,
    pub avx512_vnni: bool,
    pub amx_bf16: bool,
}

/// What this CPU offers, detected at run time (the OS must allow the registers too); all false
/// off x86-64.
pub fn cpu_features() -> CpuFeatures {
    #[cfg(target_arch = "x86_64")]
    {
        CpuFeatures {
            avx512f: std::arch::is_x86_feature_detected!("avx512f"),
            avx512_bf16: std::arch::is_x86_feature_detected!("avx512bf16"),
            avx512_vnni: std::arch::is_x86_feature_detected!("avx512vnni"),
            // Leaf 7, EDX bit 22 (std does not detect AMX on stable Rust). oneDNN asks the OS for
            // the tile registers itself.
            amx_bf16: std::arch::x86_64::__cpuid_count(7, 0).edx & (1 << 22) != 0,
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        CpuFeatures { avx512f: false, avx512_bf16: false, avx512_vnni: false, amx_bf16: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_follows_the_cpu_and_explicit_choices_stay() {
        let native = BF16_VALIDATED && cpu_features().avx512_bf16;
        let auto = Precision::Auto.resolve(Device::Cpu);
        assert_eq!(auto, if native { Precision::Bf16 } else { Precision::Fp32 });
        assert_eq!(Precision::Auto.resolve(Device::Cuda(0)), Precision::Fp32);
        assert_eq!(Precision::Fp32.resolve(Device::Cpu), Precision::Fp32);
        assert_eq!(Precision::Bf16.resolve(Device::Cpu), Precision::Bf16);
        assert_eq!(Precision::available().contains(&Precision::Bf16), cpu_features().avx512_bf16);
        assert_eq!(Precision::Bf16.kind(), Kind::BFloat16);
        assert_eq!(auto.as_str(), if native { "bf16" } else { "fp32" });
    }
}
