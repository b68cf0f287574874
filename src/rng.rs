//! Random-number streams. Every random input of one iteration draws from its own stream, seeded
//! from (run seed, iteration, stream key), so that results do not depend on thread count or
//! scheduling, and so that two scenarios run with the same seed share their draws input by input
//! (common random numbers): changing one lever does not reshuffle the others.

use rand::TryRng;
use std::convert::Infallible;

/// The generator behind every stream: SplitMix64 (Steele, Lea and Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014; the generator of Java's SplittableRandom).
/// It passes BigCrush, and seeding costs nothing, which matters because each simulated year
/// opens one stream per input per agent. Streams start at mixed 64-bit seeds; each uses a few
/// thousand numbers at most, so the chance that two of them overlap is negligible.
///
/// The numbers are those of `rand_xoshiro::SplitMix64` (a test holds them equal); it is
/// written out here so that opening a stream, which the unlimited engine does five times a
/// simulated year, inlines into the hot loop (the crate's constructor is not inlinable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stream {
    x: u64,
}

const PHI: u64 = 0x9E37_79B9_7F4A_7C15;

impl TryRng for Stream {
    type Error = Infallible;

    /// The 32-bit output is Stafford's "Mix4" finalizer's top half, as in `rand_xoshiro`.
    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        self.x = self.x.wrapping_add(PHI);
        let mut z = self.x;
        z = (z ^ (z >> 33)).wrapping_mul(0x62A9_D9ED_7997_05F5);
        z = (z ^ (z >> 28)).wrapping_mul(0xCB24_D0A5_C88C_35B3);
        Ok((z >> 32) as u32)
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        // `mix64` adds the increment itself: the finalizer of the advanced state.
        let z = self.x;
        self.x = z.wrapping_add(PHI);
        Ok(mix64(z))
    }

    #[inline]
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Infallible> {
        rand::rand_core::utils::fill_bytes_via_next_word(dest, || self.try_next_u64())
    }
}

/// SplitMix64's finalizer: a bijective 64-bit mix with full avalanche (Steele et al., 2014).
pub fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(PHI);
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
    Stream {
        x: mix64(base.wrapping_add(iteration)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    /// Our SplitMix64 draws what `rand_xoshiro`'s does, in every output width.
    #[test]
    fn streams_are_rand_xoshiros_splitmix64() {
        use rand::SeedableRng;
        for seed in [0, 1, 0xDEAD_BEEF, u64::MAX] {
            let (mut ours, mut theirs) = (
                Stream { x: seed },
                rand_xoshiro::SplitMix64::seed_from_u64(seed),
            );
            for _ in 0..100 {
                assert_eq!(ours.next_u64(), theirs.next_u64());
                assert_eq!(ours.next_u32(), theirs.next_u32());
            }
            let (mut a, mut b) = ([0u8; 13], [0u8; 13]);
            ours.fill_bytes(&mut a);
            theirs.fill_bytes(&mut b);
            assert_eq!(a, b);
        }
    }

    #[test]
    fn streams_differ_by_seed_iteration_and_key() {
        let a = stream(1, 0, key("a")).next_u64();
        assert_eq!(a, stream(1, 0, key("a")).next_u64());
        assert_ne!(a, stream(2, 0, key("a")).next_u64());
        assert_ne!(a, stream(1, 1, key("a")).next_u64());
        assert_ne!(a, stream(1, 0, key("b")).next_u64());
    }
}
