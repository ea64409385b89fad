package pics.aed.egen;

import java.util.List;

/**
 * SplitMix64: tiny, fast and specified here, so the data set is the same bytes on every JDK (unlike relying on a
 * library generator's unspecified internals).
 */
final class Rng {

    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    /** A generator for one item of a stream: independent of every other index. */
    static Rng forIndex(long seed, long index) {
        return new Rng(mix(seed ^ mix(index + 0x632BE59BD9B4E019L)));
    }

    /** A uniform value in [0, 1) that depends only on (salt, index). */
    static double unit(long salt, long index) {
        return (mix(salt ^ mix(index)) >>> 11) * 0x1.0p-53;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** 0 ≤ result &lt; bound. */
    int nextInt(int bound) {
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    /** lo ≤ result ≤ hi. */
    int between(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    <T> T pick(List<T> list) {
        return list.get(nextInt(list.size()));
    }

    String pick(String... values) {
        return values[nextInt(values.length)];
    }
}
