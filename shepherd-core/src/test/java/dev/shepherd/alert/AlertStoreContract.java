package dev.shepherd.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link AlertStore} must do. */
public abstract class AlertStoreContract {
    private static final Instant T = Instant.parse("2026-03-02T09:00:00.123Z");

    protected abstract AlertStore store();

    @Test
    void statesRoundTripAndReplaceAndOnlyActiveOnesAreListed() {
        AlertStore s = store();
        AlertState firing = new AlertState("nulls", "loans", AlertState.State.FIRING, T, T.plusSeconds(60), null, 0.08,
                "firing", T.plusSeconds(600), "dana");
        s.save(firing, new AlertStore.Transition("nulls", "loans", T.plusSeconds(60), AlertState.State.PENDING,
                AlertState.State.FIRING, 0.08, "page"));
        assertThat(s.find("nulls", "loans")).contains(firing);
        AlertState quiet = AlertState.inactive("slow", "loans");
        s.save(quiet, null);
        assertThat(s.find("slow", "loans").orElseThrow().value()).isNaN();
        assertThat(s.active()).containsExactly(firing);
        AlertState resolved = new AlertState("nulls", "loans", AlertState.State.INACTIVE, null, T.plusSeconds(60),
                T.plusSeconds(120), 0.01, "resolved", null, null);
        s.save(resolved, new AlertStore.Transition("nulls", "loans", T.plusSeconds(120), AlertState.State.FIRING,
                AlertState.State.INACTIVE, 0.01, "page"));
        assertThat(s.find("nulls", "loans")).contains(resolved);
        assertThat(s.active()).isEmpty();
        assertThat(s.find("nulls", "credit")).isEmpty();
    }

    @Test
    void historyIsOrderedBoundedAndLimited() {
        AlertStore s = store();
        for (int i = 0; i < 5; i++) {
            s.save(AlertState.inactive("r", "d"), new AlertStore.Transition("r", "d", T.plusSeconds(10L * (4 - i)),
                    AlertState.State.INACTIVE, AlertState.State.PENDING, i, "ticket"));
        }
        assertThat(s.history(T, T.plusSeconds(100), 10)).extracting(AlertStore.Transition::at)
                .containsExactly(T, T.plusSeconds(10), T.plusSeconds(20), T.plusSeconds(30), T.plusSeconds(40));
        assertThat(s.history(T.plusSeconds(10), T.plusSeconds(30), 10)).hasSize(2);
        assertThat(s.history(T, T.plusSeconds(100), 2)).hasSize(2);
        assertThat(s.history(T, T.plusSeconds(100), 0)).isEmpty();
        assertThat(s.history(T, T.plusSeconds(100), 10).getFirst().severity()).isEqualTo("ticket");
    }
}
