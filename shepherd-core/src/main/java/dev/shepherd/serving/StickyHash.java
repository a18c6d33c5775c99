package dev.shepherd.serving;

import java.nio.charset.StandardCharsets;

/**
 * Sticky assignment of request keys to traffic buckets: a key always lands in the same one of
 * {@value #BUCKETS} buckets for a given salt (the deployment), and keys spread uniformly over them.
 * A split of {@code w} basis points sends the keys in buckets {@code [0, w)} to the candidate, so a
 * key on the candidate at 5 % stays on it at 25 % (ramps only add keys). The hash is 64-bit FNV-1a
 * over the UTF-8 bytes of salt and key, finished with MurmurHash3's 64-bit mixer. Stateless and
 * thread-safe; allocation-free for ASCII keys.
 */
public final class StickyHash {
    /** Buckets per deployment: weights resolve to 0.01 %. */
    public static final int BUCKETS = 10_000;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private StickyHash() {
    }

    /** The bucket of {@code key} under {@code salt}, in {@code [0, BUCKETS)}. */
    public static int bucket(String salt, String key) {
        long h = FNV_OFFSET;
        h = mix(h, salt);
        h = (h ^ 0xff) * FNV_PRIME; // separator: ("ab","c") and ("a","bc") hash apart
        h = mix(h, key);
        return (int) Long.remainderUnsigned(fmix64(h), BUCKETS);
    }

    /** A percentage as basis points of {@link #BUCKETS}, rounded: 5 % is 500. */
    public static int basisPoints(double percent) {
        return (int) Math.max(0, Math.min(BUCKETS, Math.round(percent * 100)));
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return mixBytes(h, s.substring(i).getBytes(StandardCharsets.UTF_8));
            }
            h = (h ^ c) * FNV_PRIME;
        }
        return h;
    }

    private static long mixBytes(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
