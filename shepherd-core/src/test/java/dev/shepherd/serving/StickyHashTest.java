package dev.shepherd.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StickyHashTest {

    @Test
    void weightFiveSendsFivePercentOfTwentyThousandKeysGiveOrTakeOne() {
        int bp = StickyHash.basisPoints(5);
        int hits = 0;
        for (int i = 0; i < 20_000; i++) {
            if (StickyHash.bucket("credit", "user-" + i) < bp) {
                hits++;
            }
        }
        assertThat(hits / 20_000.0).isBetween(0.04, 0.06);
    }

    @Test
    void bucketsAreUniformByChiSquare() {
        // 100 cells of 100 buckets each over 50,000 keys: chi-square with 99 degrees of freedom,
        // whose 99.9th percentile is 148.23 (chi2.ppf(0.999, 99)); a fixed set of keys, so the
        // verdict is deterministic.
        int[] cells = new int[100];
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            cells[StickyHash.bucket("loan-default", Integer.toString(i)) / 100]++;
        }
        double expected = n / 100.0;
        double chi2 = 0;
        for (int c : cells) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        assertThat(chi2).isLessThan(148.23);
    }

    @Test
    void aKeyAlwaysLandsInTheSameBucketAndRampsOnlyAddKeys() {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            first.put("k" + i, StickyHash.bucket("d", "k" + i));
        }
        first.forEach((k, b) -> assertThat(StickyHash.bucket("d", k)).isEqualTo(b));
        int at5 = StickyHash.basisPoints(5);
        int at25 = StickyHash.basisPoints(25);
        first.values().stream().filter(b -> b < at5).forEach(b -> assertThat(b).isLessThan(at25));
    }

    @Test
    void saltsSeparateDeploymentsAndNonAsciiKeysHashAsUtf8() {
        int same = 0;
        for (int i = 0; i < 1_000; i++) {
            if (StickyHash.bucket("a", "u" + i) == StickyHash.bucket("b", "u" + i)) {
                same++;
            }
        }
        assertThat(same).isLessThan(10);
        assertThat(StickyHash.bucket("d", "Zoë")).isEqualTo(StickyHash.bucket("d", "Zo\u00eb"))
                .isBetween(0, StickyHash.BUCKETS - 1);
        assertThat(StickyHash.bucket("d", "ab")).isNotEqualTo(StickyHash.bucket("da", "b"));
    }

    @Test
    void basisPointsRoundAndClamp() {
        assertThat(StickyHash.basisPoints(5)).isEqualTo(500);
        assertThat(StickyHash.basisPoints(0.015)).isEqualTo(2);
        assertThat(StickyHash.basisPoints(150)).isEqualTo(10_000);
        assertThat(StickyHash.basisPoints(-1)).isZero();
    }
}
