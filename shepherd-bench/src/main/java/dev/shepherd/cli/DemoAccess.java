package dev.shepherd.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.schema.RecordDecoder;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Benchmark access to the demo's node (the CLI's demo classes are package-private): a real node
 * on SQLite with the demo's two ONNX models, traffic recorded into monitoring and a drift
 * evaluation, so the dashboard's endpoints answer with data.
 */
public final class DemoAccess {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoAccess() {
    }

    /** A started node and its URL. */
    public record Running(Node node) implements AutoCloseable {
        public String url() {
            return node.url();
        }

        @Override
        public void close() {
            node.close();
        }
    }

    /** Starts a node in {@code dir}, deploys the demo's models and records {@code requests} predictions. */
    public static Running startWithHistory(Path dir, int requests) {
        Node node = Node.start(Node.Options.defaults(dir, 0));
        DemoModels.ensure(node.gateway(), dir, Clock.systemUTC(), new PrintStream(OutputStream.nullOutputStream()));
        var applicants = DemoCommand.liveRecords();
        for (int i = 0; i < requests; i++) {
            var record = JSON.valueToTree(applicants.get().record());
            node.gateway().infer(DemoModels.NAME, null, (schema, max) -> RecordDecoder.decode(schema, record, max),
                    "bench-" + i);
        }
        node.monitoring().tick();
        node.drift().tick();
        return new Running(node);
    }
}
