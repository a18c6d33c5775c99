package dev.shepherd.api;
import java.nio.file.*;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
class TmpDumpTest {
    @TempDir Path dir;
    @Test void dump() throws Exception {
        try (MonitoredServer s = new MonitoredServer(dir)) {
            MetricsScrapeTest.serveTraffic(s);
            s.clock.advance(Duration.ofSeconds(5));
            Files.writeString(Path.of("/tmp/scrape.txt"), s.get("/metrics").body());
            Files.writeString(Path.of("/tmp/summary.json"), s.get("/api/v1/deployments/loans/metrics/summary").body());
            Files.writeString(Path.of("/tmp/series.json"), s.get("/api/v1/deployments/loans/metrics?window=5m&step=1m").body());
        }
    }
}
