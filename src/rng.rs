//! Random-number streams. Every random input of one iteration draws from its own stream, seeded
//! from (run seed, iteration, stream key), so that results do not depend on thread count or
//! scheduling, and so that two scenarios run with the same seed share their draws input by input
//! (common random numbers): changing one lever does not reshuffle the others.

use rand::SeedableRng;
use rand_xoshiro::SplitMix64;

/// The generator behind every stream: SplitMix64 (Steele, Lea and Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014; the generator of Java's SplittableRandom).
/// It passes BigCrush, and seeding costs nothing, which matters because each simulated year
/// opens one stream per input per agent. Streams start at mixed 64-bit seeds; each uses a few
/// thousand numbers at most, so the chance that two of them overlap is negligible.
pub type Stream = SplitMix64;

/// SplitMix64's finalizer: a bijective 64-bit mix with full avalanche (Steele et al., 2014).
pub fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A stable 64-bit key for a stream name (FNV-1a, then mixed). Names, not positions, key the
/// streams, so adding an outcome or an input to a scenario leaves the other streams untouched.
pub fn key(name: &str) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3);
    }
    mix64(h)
}

/// The stream for one input of one iteration.
pub fn stream(seed: u64, iteration: u64, key: u64) -> Stream {
    stream_at(stream_base(seed, key), iteration)
}

/// The part of a stream's seed that depends on the run only: a hot loop that opens the same
/// keys every iteration works it out once per run (`stream_at(stream_base(s, k), i)` is
/// `stream(s, i, k)`).
pub fn stream_base(seed: u64, key: u64) -> u64 {
    mix64(seed ^ key)
}

/// The stream of one iteration from its run's `stream_base`.
pub fn stream_at(base: u64, iteration: u64) -> Stream {
    Stream::seed_from_u64(mix64(base.wrapping_add(iteration)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn streams_differ_by_seed_iteration_and_key() {
        let a = stream(1, 0, key("a")).next_u64();
        assert_eq!(a, stream(1, 0, key("a")).next_u64());
        assert_ne!(a, stream(2, 0, key("a")).next_u64());
        assert_ne!(a, stream(1, 1, key("a")).next_u64());
        assert_ne!(a, stream(1, 0, key("b")).next_u64());
    }
}
