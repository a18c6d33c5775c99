package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.training.LabelledData;
import dev.shepherd.training.LoanData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shepherd drift} and {@code shepherd profile build} on real files: verdicts, formats, exit codes 0/1/2. */
class DriftCommandTest {
    @TempDir
    Path dir;

    /** Writes LoanData rows as CSV; every {@code newRegionEvery}-th row (0 for none) in a region never seen before. */
    static Path csv(Path file, LabelledData data, int newRegionEvery) throws IOException {
        StringBuilder sb = new StringBuilder("income,age,debt_ratio,employment,region\n");
        int i = 0;
        for (Object[] r : data.rows()) {
            String region = newRegionEvery > 0 && i++ % newRegionEvery == 0 ? "offshore" : (String) r[4];
            sb.append(r[0]).append(',').append(r[1]).append(',').append(r[2] == null ? "" : r[2]).append(',')
                    .append(r[3]).append(',').append(region).append('\n');
        }
        Files.writeString(file, sb.toString());
        return file;
    }

    @Test
    void exitsZeroWithoutDriftAndOneWithDrift() throws IOException {
        Path ref = csv(dir.resolve("ref.csv"), LoanData.generate(3_000, 1, 0.0), 0);
        Path same = csv(dir.resolve("same.csv"), LoanData.generate(3_000, 2, 0.0), 0);
        Path moved = csv(dir.resolve("moved.csv"), LoanData.generate(3_000, 3, 1.0), 5);

        CliRunner.Run quiet = CliRunner.run("drift", "--reference", ref.toString(), "--current", same.toString());
        assertThat(quiet.code()).as(quiet.out() + quiet.err()).isZero();
        assertThat(quiet.out()).contains("No dataset drift").contains("wasserstein_normed").contains("jensen_shannon");

        CliRunner.Run drift = CliRunner.run("drift", "--reference", ref.toString(), "--current", moved.toString());
        assertThat(drift.code()).as(drift.out() + drift.err()).isEqualTo(1);
        assertThat(drift.out()).contains("DATASET DRIFT");
        assertThat(drift.out().lines().filter(l -> l.startsWith("region")).findFirst().orElseThrow()).contains("DRIFT");
    }

    @Test
    void writesJsonAndHtmlReports() throws IOException {
        Path ref = csv(dir.resolve("ref.csv"), LoanData.generate(500, 1, 0.0), 0);
        Path cur = csv(dir.resolve("cur.csv"), LoanData.generate(400, 3, 1.0), 4);
        Path json = dir.resolve("r.json");
        CliRunner.Run r = CliRunner.run("drift", "--reference", ref.toString(), "--current", cur.toString(),
                "--format", "json", "--out", json.toString());
        assertThat(r.code()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.path("dataset_drift").asBoolean()).isTrue();
        assertThat(report.path("reference_rows").asLong()).isEqualTo(500);
        JsonNode income = report.path("features").get(0);
        assertThat(income.path("method").asText()).as("a small reference gets KS").isEqualTo("ks");
        assertThat(income.path("p_value").isNumber()).isTrue();
        assertThat(income.path("effect_size").isNumber()).isTrue();
        assertThat(report.path("features").get(4).path("method").asText()).isEqualTo("chi_square");

        Path html = dir.resolve("r.html");
        CliRunner.Run h = CliRunner.run("drift", "--reference", ref.toString(), "--current", cur.toString(),
                "--format", "html", "--out", html.toString(), "--method", "income=psi", "--threshold", "income=0.5");
        assertThat(h.code()).isEqualTo(1);
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("Dataset drift").contains("<td>income</td>")
                .contains("psi").doesNotContain("<script");
    }

    @Test
    void aBuiltProfileServesAsTheReference() throws IOException {
        Path ref = csv(dir.resolve("ref.csv"), LoanData.generate(3_000, 1, 0.0), 0);
        Path cur = csv(dir.resolve("cur.csv"), LoanData.generate(3_000, 3, 1.0), 5);
        Path profile = dir.resolve("ref.profile");
        CliRunner.Run built = CliRunner.run("profile", "build", "--data", ref.toString(), "-o", profile.toString());
        assertThat(built.code()).as(built.err()).isZero();
        assertThat(built.out()).contains("profiled 3,000 rows").contains("region").contains("category");
        CliRunner.Run fromFile = CliRunner.run("drift", "--reference", ref.toString(), "--current", cur.toString(),
                "--format", "json");
        CliRunner.Run fromProfile = CliRunner.run("drift", "--reference", profile.toString(), "--current", cur.toString(),
                "--format", "json");
        assertThat(fromProfile.code()).isEqualTo(fromFile.code()).isEqualTo(1);
        JsonNode a = new ObjectMapper().readTree(fromFile.out());
        JsonNode b = new ObjectMapper().readTree(fromProfile.out());
        assertThat(b.path("features")).isEqualTo(a.path("features"));
    }

    @Test
    void badInputIsReportedWithLineNumbersAndErrorsExitTwo() throws IOException {
        Path ref = csv(dir.resolve("ref.csv"), LoanData.generate(300, 1, 0.0), 0);
        Path messy = dir.resolve("messy.csv");
        Files.writeString(messy, Files.readString(ref).replaceFirst("\n([0-9.]+),", "\nlots,") + "1,2\n");
        CliRunner.Run r = CliRunner.run("drift", "--reference", ref.toString(), "--current", messy.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("1 row(s) skipped").contains("line(s) [302]").contains("line 2, income: 'lots'");

        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Path other = Files.writeString(dir.resolve("other.csv"), "colour,size\nred,3\n");
        String[][] failures = {
            {"drift", "--reference", ref.toString(), "--current", dir.resolve("nope.csv").toString()},
            {"drift", "--reference", empty.toString(), "--current", ref.toString()},
            {"drift", "--reference", ref.toString(), "--current", other.toString()},
            {"drift", "--reference", ref.toString(), "--current", ref.toString(), "--format", "pdf"},
            {"drift", "--reference", ref.toString(), "--current", ref.toString(), "--method", "income=magic"},
            {"drift", "--reference", ref.toString(), "--current", ref.toString(), "--threshold", "income"},
            {"drift", "--reference", ref.toString(), "--current", ref.toString(), "--share", "2"},
            {"drift", "--reference", ref.toString()},
            {"profile", "build", "--data", empty.toString(), "-o", dir.resolve("x.profile").toString()},
        };
        for (String[] args : failures) {
            CliRunner.Run f = CliRunner.run(args);
            assertThat(f.code()).as(String.join(" ", args) + "\n" + f.err()).isEqualTo(2);
            assertThat(f.err()).as(String.join(" ", args)).isNotBlank().doesNotContain("Exception\n\tat");
        }
    }
}
