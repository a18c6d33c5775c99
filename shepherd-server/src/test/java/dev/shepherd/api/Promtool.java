package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus' own checker, {@code promtool check metrics}, on an exposition: it parses the
 * text format and lints it (HELP on every family, {@code _total} on counters, base units, no
 * {@code quantile}/{@code le} label outside summaries and histograms). A missing promtool is a test
 * failure, not a skip, so a CI machine without it is noticed.
 */
final class Promtool {
    private Promtool() {
    }

    /** Fails the test unless promtool accepts {@code exposition} with no error and no lint warning. */
    static void assertClean(String exposition) {
        Path promtool = locate();
        try {
            Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("promtool check metrics did not finish within 60 s");
            }
            assertThat(out).as("promtool check metrics output (exit code %d)", p.exitValue()).isBlank();
            assertThat(p.exitValue()).as("promtool check metrics exit code").isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** promtool on the PATH, else /usr/bin/promtool; a clear failure when neither exists. */
    static Path locate() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "promtool"))) {
                return Path.of(dir, "promtool");
            }
        }
        Path fallback = Path.of("/usr/bin/promtool");
        if (Files.isExecutable(fallback)) {
            return fallback;
        }
        return fail("promtool is not installed (not on the PATH, not /usr/bin/promtool). The /metrics lint test "
                + "needs it: install the Debian package 'prometheus' (apt-get install prometheus), as .ci/run does.");
    }
}
