package dev.shepherd.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.monitor.MetricsStore.StoredBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MetricsStore} must have. Subclass it per implementation. Times are
 * whole milliseconds; payloads are compared byte for byte.
 */
public abstract class MetricsStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    protected static final long WIDTH = 10_000;
    protected static final SeriesKey V1 = new SeriesKey("loan-default", "v1", Role.PRIMARY);
    protected static final SeriesKey V2_CANDIDATE = new SeriesKey("loan-default", "v2", Role.CANDIDATE);
    protected static final SeriesKey V2_SHADOW = new SeriesKey("loan-default", "v2", Role.SHADOW);
    protected static final SeriesKey OTHER = new SeriesKey("churn", "v1", Role.PRIMARY);

    protected MetricsStore store;

    /** A new, empty store; called before every test. */
    protected abstract MetricsStore createStore();

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    /** A bucket as comparable values (the record's array compares by identity). */
    protected record View(SeriesKey key, Instant start, long widthMillis, String payloadHex) {
        static View of(StoredBucket b) {
            return new View(b.key(), b.start(), b.widthMillis(), HexFormat.of().formatHex(b.payload()));
        }
    }

    protected static StoredBucket bucket(SeriesKey key, long index, byte... payload) {
        return new StoredBucket(key, T0.plusMillis(index * WIDTH), WIDTH, payload);
    }

    private List<View> read(String deployment, Instant from, Instant to) {
        return store.read(deployment, from, to).stream().map(View::of).toList();
    }

    @Test
    void readsTheBucketsOfADeploymentStartingInTheRangeOrderedByStart() {
        List<StoredBucket> all = new ArrayList<>();
        for (int i = 3; i >= 0; i--) {
            all.add(bucket(V2_SHADOW, i, (byte) i, (byte) 2));
            all.add(bucket(V1, i, (byte) i, (byte) 1));
            all.add(bucket(OTHER, i, (byte) i, (byte) 9));
        }
        store.write(all);

        List<StoredBucket> got = store.read("loan-default", T0.plusMillis(WIDTH), T0.plusMillis(3 * WIDTH));

        assertThat(got).isSortedAccordingTo(Comparator.comparing(StoredBucket::start));
        assertThat(got).map(View::of).containsExactlyInAnyOrder(
                View.of(bucket(V1, 1, (byte) 1, (byte) 1)), View.of(bucket(V2_SHADOW, 1, (byte) 1, (byte) 2)),
                View.of(bucket(V1, 2, (byte) 2, (byte) 1)), View.of(bucket(V2_SHADOW, 2, (byte) 2, (byte) 2)));
        assertThat(read("churn", T0, T0.plus(Duration.ofDays(1)))).hasSize(4);
        assertThat(read("unknown", T0, T0.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void theRangeIncludesItsStartAndExcludesItsEnd() {
        store.write(List.of(bucket(V1, 0, (byte) 0), bucket(V1, 1, (byte) 1)));

        assertThat(read("loan-default", T0, T0.plusMillis(WIDTH))).map(View::start).containsExactly(T0);
        assertThat(read("loan-default", T0.plusMillis(1), T0.plusMillis(WIDTH + 1)))
                .map(View::start).containsExactly(T0.plusMillis(WIDTH));
        assertThat(read("loan-default", T0, T0)).isEmpty();
        assertThat(read("loan-default", T0.plusMillis(WIDTH), T0)).isEmpty();
        assertThat(read("loan-default", Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))).hasSize(2);
    }

    @Test
    void seriesOfOneStartAreKeptApart() {
        store.write(List.of(bucket(V1, 0, (byte) 1), bucket(V2_CANDIDATE, 0, (byte) 2), bucket(V2_SHADOW, 0, (byte) 3)));

        assertThat(read("loan-default", T0, T0.plusMillis(1))).map(View::key)
                .containsExactlyInAnyOrder(V1, V2_CANDIDATE, V2_SHADOW);
    }

    @Test
    void writingTheSameSeriesAndStartReplacesTheBucket() {
        store.write(List.of(bucket(V1, 0, (byte) 1, (byte) 1), bucket(V1, 1, (byte) 5)));
        StoredBucket rewritten = new StoredBucket(V1, T0, 5_000, new byte[] {7, 7, 7});

        store.write(List.of(rewritten));

        assertThat(read("loan-default", T0, T0.plusMillis(2 * WIDTH)))
                .containsExactly(View.of(rewritten), View.of(bucket(V1, 1, (byte) 5)));
    }

    @Test
    void payloadsRoundTripByteForByte() {
        byte[] every = new byte[256];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        byte[] large = new byte[256 * 1024];
        new Random(42).nextBytes(large);
        List<StoredBucket> buckets = List.of(bucket(V1, 0, every), bucket(V1, 1, large), bucket(V1, 2),
                bucket(V1, 3, (byte) 0, (byte) 0, (byte) 0));

        store.write(buckets);

        assertThat(read("loan-default", T0, T0.plusMillis(4 * WIDTH)))
                .containsExactlyElementsOf(buckets.stream().map(View::of).toList());
    }

    @Test
    void theStoredPayloadIsNotTheCallersArray() {
        byte[] payload = {1, 2, 3};
        store.write(List.of(bucket(V1, 0, payload)));
        payload[0] = 9;

        byte[] read = store.read("loan-default", T0, T0.plusMillis(1)).getFirst().payload();
        read[1] = 9;

        assertThat(store.read("loan-default", T0, T0.plusMillis(1)).getFirst().payload()).containsExactly(1, 2, 3);
    }

    @Test
    void writesFiveHundredBucketsInOneWrite() {
        List<StoredBucket> buckets = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            buckets.add(bucket(i % 2 == 0 ? V1 : V2_CANDIDATE, i / 2, (byte) i, (byte) (i >> 8)));
        }

        store.write(buckets);

        List<StoredBucket> all = store.read("loan-default", T0, T0.plus(Duration.ofDays(1)));
        assertThat(all).hasSize(500).isSortedAccordingTo(Comparator.comparing(StoredBucket::start));
        assertThat(all).map(View::of).containsExactlyInAnyOrderElementsOf(buckets.stream().map(View::of).toList());
    }

    @Test
    void aBatchWithAnIncompleteBucketWritesNothing() {
        List<StoredBucket> batch = List.of(bucket(V1, 0, (byte) 1), new StoredBucket(V1, T0.plusMillis(WIDTH), WIDTH, null));

        assertThatThrownBy(() -> store.write(batch)).isInstanceOf(RuntimeException.class);

        assertThat(read("loan-default", T0, T0.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void anEmptyWriteIsANoOp() {
        store.write(List.of());

        assertThat(read("loan-default", Instant.EPOCH, T0.plus(Duration.ofDays(1)))).isEmpty();
    }
}
