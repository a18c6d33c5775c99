package dev.shepherd.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.drift.ReferenceStore;
import dev.shepherd.drift.ReferenceStore.Stored;
import dev.shepherd.drift.ReferenceStoreContract;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteReferenceStoreTest extends ReferenceStoreContract {
    @TempDir
    Path dir;
    private SqliteStore sqlite;

    @Override
    protected ReferenceStore createStore() {
        sqlite = SqliteStore.open(dir);
        return sqlite.references();
    }

    @AfterEach
    void closeStore() {
        sqlite.close();
    }

    @Test
    void aReferenceSurvivesARestart() {
        byte[] profile = new byte[64 * 1024];
        new Random(7).nextBytes(profile);
        Stored v1 = new Stored("loan-default", "v1", profile, "train.csv", T0);
        Stored v2 = reference("loan-default", "v2", "{\"format\":\"shepherd-profile\"}", "window:1h", T0.plusSeconds(1));
        store.put(v1);
        store.put(v2);
        store.put(reference("gone", "v1", "{}", "s", T0));
        store.delete("gone", "v1");

        sqlite.close();
        sqlite = SqliteStore.open(dir);
        ReferenceStore reopened = sqlite.references();

        assertSameReference(reopened.find("loan-default", "v1"), v1);
        assertSameReference(reopened.latest("loan-default"), v2);
        assertThat(reopened.find("gone", "v1")).isEmpty();
    }

    @Test
    void createdAtIsTruncatedToTheMillisecond() {
        store.put(reference("m", "v1", "{}", "s", Instant.parse("2026-03-01T12:00:00.123456789Z")));

        assertThat(store.find("m", "v1").orElseThrow().createdAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123Z"));
    }

    @Test
    void aReferenceWithoutSourceRoundTrips() {
        Stored noSource = reference("m", "v1", "{}", null, T0);

        store.put(noSource);

        assertSameReference(store.find("m", "v1"), noSource);
    }

    @Test
    void ofReferencesCreatedInOneMillisecondTheLastPutIsLatest() {
        store.put(reference("m", "v2", "b", "s", T0));
        Stored v1 = reference("m", "v1", "a", "s", T0);
        store.put(v1);

        assertSameReference(store.latest("m"), v1);
    }
}
