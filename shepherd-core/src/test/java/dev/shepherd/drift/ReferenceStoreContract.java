package dev.shepherd.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.drift.ReferenceStore.Stored;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ReferenceStore} must have. Subclass it per implementation. Times are
 * whole milliseconds; {@link Stored} holds an array, so references are compared field by field.
 */
public abstract class ReferenceStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00.789Z");

    protected ReferenceStore store;

    /** A new, empty store; called before every test. */
    protected abstract ReferenceStore createStore();

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    /** A reference whose profile is {@code text} in UTF-8. */
    protected static Stored reference(String model, String version, String text, String source, Instant createdAt) {
        return new Stored(model, version, text.getBytes(StandardCharsets.UTF_8), source, createdAt);
    }

    /** Asserts that {@code actual} holds a reference equal to {@code expected}, profile bytes included. */
    protected static void assertSameReference(Optional<Stored> actual, Stored expected) {
        assertThat(actual).isPresent();
        Stored a = actual.get();
        assertThat(a.model()).isEqualTo(expected.model());
        assertThat(a.version()).isEqualTo(expected.version());
        assertThat(a.profile()).isEqualTo(expected.profile());
        assertThat(a.source()).isEqualTo(expected.source());
        assertThat(a.createdAt()).isEqualTo(expected.createdAt());
    }

    @Test
    void putThenFindRoundTripsEveryField() {
        byte[] profile = {0, 1, 2, (byte) 0x80, (byte) 0xff, '{', '}'};
        Stored ref = new Stored("loan-default", "v1", profile, "train.csv (10000 rows)", T0);

        store.put(ref);

        assertSameReference(store.find("loan-default", "v1"), ref);
    }

    @Test
    void findOfAnUnknownModelOrVersionIsEmpty() {
        store.put(reference("loan-default", "v1", "{}", "train.csv", T0));

        assertThat(store.find("loan-default", "v2")).isEmpty();
        assertThat(store.find("churn", "v1")).isEmpty();
        assertThat(store.find("loan", "v1")).isEmpty();
    }

    @Test
    void putReplacesTheReferenceOfThatVersion() {
        store.put(reference("loan-default", "v1", "{\"old\":true}", "train.csv", T0));
        Stored replacement = reference("loan-default", "v1", "{\"new\":true}", "window:1h", T0.plusSeconds(60));

        store.put(replacement);

        assertSameReference(store.find("loan-default", "v1"), replacement);
        assertSameReference(store.latest("loan-default"), replacement);
    }

    @Test
    void latestIsTheMostRecentlyCreatedReferenceOfAnyVersion() {
        Stored v2 = reference("loan-default", "v2", "{\"v\":2}", "train-2.csv", T0.plusSeconds(10));
        store.put(v2);
        store.put(reference("loan-default", "v3", "{\"v\":3}", "train-3.csv", T0.plusSeconds(5)));
        store.put(reference("loan-default", "v1", "{\"v\":1}", "train-1.csv", T0));
        store.put(reference("churn", "v9", "{}", "other.csv", T0.plusSeconds(60)));
        store.put(reference("loan-default-eu", "v1", "{}", "other.csv", T0.plusSeconds(60)));

        assertSameReference(store.latest("loan-default"), v2);
    }

    @Test
    void latestFollowsAReplacementThatIsNewer() {
        store.put(reference("m", "v1", "a", "s", T0));
        store.put(reference("m", "v2", "b", "s", T0.plusMillis(1)));
        Stored v1Again = reference("m", "v1", "c", "s", T0.plusMillis(2));

        store.put(v1Again);

        assertSameReference(store.latest("m"), v1Again);
    }

    @Test
    void latestOfAnUnknownModelIsEmpty() {
        assertThat(store.latest("loan-default")).isEmpty();

        store.put(reference("churn", "v1", "{}", "s", T0));

        assertThat(store.latest("loan-default")).isEmpty();
    }

    @Test
    void deleteRemovesAReferenceAndSaysWhetherThereWasOne() {
        Stored v1 = reference("loan-default", "v1", "{\"v\":1}", "s", T0);
        store.put(v1);
        store.put(reference("loan-default", "v2", "{\"v\":2}", "s", T0.plusSeconds(1)));

        assertThat(store.delete("loan-default", "v2")).isTrue();
        assertThat(store.delete("loan-default", "v2")).isFalse();
        assertThat(store.delete("churn", "v1")).isFalse();

        assertThat(store.find("loan-default", "v2")).isEmpty();
        assertSameReference(store.find("loan-default", "v1"), v1);
        assertSameReference(store.latest("loan-default"), v1);

        assertThat(store.delete("loan-default", "v1")).isTrue();
        assertThat(store.latest("loan-default")).isEmpty();
    }

    @Test
    void aOneMegabyteProfileRoundTrips() {
        byte[] profile = new byte[1 << 20];
        new Random(42).nextBytes(profile);
        Stored big = new Stored("images", "v1", profile, "pixels.parquet", T0);

        store.put(big);

        assertSameReference(store.find("images", "v1"), big);
        assertSameReference(store.latest("images"), big);
    }
}
