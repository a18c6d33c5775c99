package dev.shepherd.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.rollout.Phase;
import dev.shepherd.rollout.Rollout;
import dev.shepherd.rollout.RolloutEvent;
import dev.shepherd.rollout.RolloutStore;
import dev.shepherd.rollout.RolloutStoreContract;
import dev.shepherd.rollout.Status;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRolloutStoreTest extends RolloutStoreContract {
    @TempDir
    Path dir;
    private SqliteStore sqlite;

    @Override
    protected RolloutStore createStore() {
        sqlite = SqliteStore.open(dir);
        return sqlite.rollouts();
    }

    @AfterEach
    void closeStore() {
        sqlite.close();
    }

    @Test
    void aRolloutAndItsEventsSurviveARestart() {
        Rollout r = running("ro-1", "loan-default", T0);
        RolloutEvent start = event(r, T0, "alice", "start", Map.of());
        RolloutEvent step = event(r, T0.plusSeconds(60), "controller", "step",
                Map.of("error_rate", 0.001, "primary:error_rate", 0.002));
        store.save(r, start);
        store.save(r, step);

        sqlite.close();
        sqlite = SqliteStore.open(dir);
        RolloutStore reopened = sqlite.rollouts();

        assertThat(reopened.find("ro-1")).contains(r);
        assertThat(reopened.events("ro-1")).containsExactly(start, step);
        assertThat(reopened.active()).containsExactly(r);
        assertThat(reopened.forDeployment("loan-default")).containsExactly(r);
    }

    @Test
    void aFailedEventInsertRollsTheStateBack() {
        Rollout r = running("ro-1", "d", T0);
        RolloutEvent start = event(r, T0, "alice", "start", Map.of());
        store.save(r, start);
        Rollout paused = rollout("ro-1", "d", CANARY, Phase.CANARY, Status.PAUSED, 0, 5, T0, "paused by bob");
        RolloutEvent noAction = event(paused, T0.plusSeconds(5), "bob", null, Map.of());

        assertThatThrownBy(() -> store.save(paused, noAction)).isInstanceOf(RuntimeException.class);

        assertThat(store.find("ro-1")).contains(r);
        assertThat(store.events("ro-1")).containsExactly(start);
    }
}
