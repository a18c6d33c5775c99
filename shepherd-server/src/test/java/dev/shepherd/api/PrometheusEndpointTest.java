package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} of a server without monitoring: process, JVM and gateway families. */
class PrometheusEndpointTest {
    @TempDir
    Path dir;

    @Test
    void exposesServerLoadAndGatewayFamiliesThatPromtoolAccepts() {
        try (TestServer s = new TestServer(dir)) {
            s.assertServes();
            TestServer.Reply r = s.get("/metrics");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("text/plain").contains("version=0.0.4");
            Scrape scrape = Scrape.parse(r.body());
            for (String family : new String[] {"jvm_memory_used_bytes", "jvm_memory_max_bytes",
                    "jvm_threads_live_threads", "jvm_classes_loaded_classes", "process_cpu_usage",
                    "process_cpu_seconds_total", "system_cpu_usage", "system_cpus", "system_load_average_1m",
                    "process_uptime_seconds", "shepherd_in_flight_requests"}) {
                assertThat(scrape.find(family)).as(family).isNotEmpty();
            }
            assertThat(scrape.value("shepherd_deployment_ready", "deployment", "credit")).hasValue(1.0);
            assertThat(scrape.value("shepherd_prediction_log_accepted_total")).isPresent();
            assertThat(scrape.value("shepherd_prediction_log_dropped_total")).hasValue(0.0);
            assertThat(r.body()).contains("# HELP shepherd_in_flight_requests ", "# TYPE shepherd_in_flight_requests gauge");
            Promtool.assertClean(r.body());
        }
    }

    @Test
    void deletedDeploymentLeavesNoSeries() {
        try (TestServer s = new TestServer(dir)) {
            assertThat(Scrape.parse(s.get("/metrics").body()).find("shepherd_deployment_ready", "deployment", "broken"))
                    .hasSize(1);
            assertThat(s.delete("/api/v1/deployments/broken").status()).isEqualTo(204);
            assertThat(Scrape.parse(s.get("/metrics").body()).find("shepherd_deployment_ready", "deployment", "broken"))
                    .isEmpty();
        }
    }
}
