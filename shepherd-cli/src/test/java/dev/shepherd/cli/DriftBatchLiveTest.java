package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.drift.DriftReport;
import dev.shepherd.drift.FeatureDrift;
import dev.shepherd.drift.LiveDrift;
import dev.shepherd.drift.ProfileCodec;
import dev.shepherd.drift.TableReader;
import dev.shepherd.schema.RecordDecoder;
import dev.shepherd.training.LabelledData;
import dev.shepherd.training.LoanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch report and live drift agree: the same reference file and the same current rows,
 * once through {@code shepherd drift} and once as live traffic through a real node (ONNX model,
 * monitoring sketches, the drift API), give the same verdict for every feature and the dataset.
 */
class DriftBatchLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theBatchCliAndLiveTrafficGiveTheSameVerdicts() throws Exception {
        Path data = dir.resolve("data");
        LabelledData reference = LoanData.generate(3_000, 1, 0.0);
        LabelledData current = LoanData.generate(3_000, 3, 1.0);
        Path refCsv = DriftCommandTest.csv(dir.resolve("ref.csv"), reference, 0);
        Path curCsv = DriftCommandTest.csv(dir.resolve("cur.csv"), current, 5);

        CliRunner.Run batch = CliRunner.run("drift", "--reference", refCsv.toString(), "--current", curCsv.toString(),
                "--format", "json");
        assertThat(batch.code()).as(batch.err()).isEqualTo(1);
        JsonNode batchReport = JSON.readTree(batch.out());

        try (Node node = Node.start(new Node.Options(data, "127.0.0.1", 0, dev.shepherd.serving.ServingLimits.defaults(),
                0.1, List.of()))) {
            DemoModels.ensure(node.gateway(), data, Clock.systemUTC(), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            // the reference of the serving version: the same file, profiled
            byte[] profile = ProfileCodec.write(new TableReader(refCsv, null, b -> { }).read().profile());
            HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url()
                            + "/api/v1/models/loan-default/versions/v1/reference")).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(profile)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
            // the current rows as live traffic
            List<String> lines = Files.readAllLines(curCsv);
            String[] header = lines.getFirst().split(",");
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",", -1);
                ObjectNode record = JSON.createObjectNode();
                for (int c = 0; c < header.length; c++) {
                    if (cells[c].isEmpty()) {
                        record.putNull(header[c]);
                    } else if (c == 1) {
                        record.put(header[c], Long.parseLong(cells[c]));
                    } else if (c < 3) {
                        record.put(header[c], Double.parseDouble(cells[c]));
                    } else {
                        record.put(header[c], cells[c]);
                    }
                }
                node.gateway().infer("loan-default", null, (schema, max) -> RecordDecoder.decode(schema, record, max),
                        "drift-" + i);
            }
            LiveDrift.Result live = node.drift().evaluate("loan-default", Duration.ofHours(1)).orElseThrow();
            DriftReport report = live.report();
            Map<String, Boolean> liveVerdicts = new HashMap<>();
            for (FeatureDrift f : report.features()) {
                liveVerdicts.put(f.feature(), f.drifted());
            }
            for (JsonNode f : batchReport.path("features")) {
                assertThat(liveVerdicts.get(f.path("feature").asText())).as("%s: batch %s, live %s", f.path("feature").asText(),
                        f, report.features()).isEqualTo(f.path("drifted").asBoolean());
            }
            assertThat(report.datasetDrift()).isEqualTo(batchReport.path("dataset_drift").asBoolean()).isTrue();
            assertThat(report.evaluated()).isEqualTo(batchReport.path("evaluated").asInt());

            // and through the API, as users see it
            HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url()
                    + "/api/v1/deployments/loan-default/drift?window=1h")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).as(api.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(api.body());
            assertThat(body.path("dataset_drift").asBoolean()).isTrue();
            assertThat(body.path("version").asText()).isEqualTo("v1");
            assertThat(body.path("reference").asText()).contains("loan-default:v1");
        }
    }
}
