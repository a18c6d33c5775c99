package dev.shepherd.api;

import dev.shepherd.config.ConfigParser;
import dev.shepherd.predictionlog.BatchingPredictionLog;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.ServingLimits;
import dev.shepherd.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * A real server on an ephemeral port over a given store and runtimes, with nothing deployed: for
 * tests that need runtimes or a store {@link TestServer} does not wire (remote, ONNX, SQLite).
 * Closing stops the server, the gateway, the prediction log and the store, in that order.
 */
final class LiveServer implements AutoCloseable {
    final Store store;
    final Gateway gateway;
    final ConfigParser parser = new ConfigParser(Clock.systemUTC());
    final PredictionLog log;
    final ShepherdServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    LiveServer(Store store, Runtimes runtimes, ServingLimits limits) {
        this.store = store;
        log = new BatchingPredictionLog(store.predictionSink());
        gateway = new Gateway(store, runtimes, log, Clock.systemUTC(), limits);
        gateway.start();
        server = new ShepherdServer(gateway, parser, limits, log, ShepherdServer.DEFAULT_MAX_UPLOAD_BYTES).start(0);
    }

    /** Applies YAML documents (Models and Deployments) straight to the gateway. */
    void apply(String yaml) {
        gateway.apply(parser.parse(yaml, store.dataDir(), "test"));
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + server.port() + path);
    }

    TestServer.Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    TestServer.Reply postJson(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    TestServer.Reply putJson(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    TestServer.Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new TestServer.Reply(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
        gateway.close();
        log.close();
        store.close();
    }
}
