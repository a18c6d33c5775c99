package dev.shepherd.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.automation.AutomationEvent;
import dev.shepherd.automation.AutomationLevel;
import dev.shepherd.automation.AutomationSetting;
import dev.shepherd.automation.AutomationStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAutomationStoreTest {
    private static final Instant T0 = Instant.parse("2026-05-04T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void settingsAndTheirTrailSurviveARestart() {
        AutomationSetting declared = new AutomationSetting(AutomationLevel.PARTIAL, 0.85, Map.of("default", 0.97), 0.02, 3);
        AutomationSetting assist = declared.withLevel(AutomationLevel.ASSIST);
        try (SqliteStore store = SqliteStore.open(dir)) {
            AutomationStore a = store.automation();
            assertThat(a.find("loans")).isEmpty();
            a.save("loans", new AutomationStore.Stored(declared, declared), new AutomationEvent("loans", T0, "apply", null,
                    AutomationLevel.PARTIAL, declared, "declared"));
            a.save("loans", new AutomationStore.Stored(declared, assist), new AutomationEvent("loans", T0.plusSeconds(60),
                    "dana", AutomationLevel.PARTIAL, AutomationLevel.ASSIST, assist, "new model"));
            a.save("other", new AutomationStore.Stored(null, AutomationSetting.DEFAULT), null);
        }
        try (SqliteStore store = SqliteStore.open(dir)) {
            AutomationStore a = store.automation();
            assertThat(a.find("loans")).contains(new AutomationStore.Stored(declared, assist));
            assertThat(a.find("other")).contains(new AutomationStore.Stored(null, AutomationSetting.DEFAULT));
            assertThat(a.events("loans", 10)).containsExactly(
                    new AutomationEvent("loans", T0.plusSeconds(60), "dana", AutomationLevel.PARTIAL, AutomationLevel.ASSIST,
                            assist, "new model"),
                    new AutomationEvent("loans", T0, "apply", null, AutomationLevel.PARTIAL, declared, "declared"));
            assertThat(a.events("loans", 1)).hasSize(1);
            assertThat(a.events("other", 10)).isEmpty();
        }
    }
}
