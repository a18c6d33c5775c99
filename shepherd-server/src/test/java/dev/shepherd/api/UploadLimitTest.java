package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.store.InMemoryStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multipart uploads above the upload limit are 413s, whether or not their length is declared. */
class UploadLimitTest {
    private static final int LIMIT = 64 * 1024;

    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() {
        s = new TestServer(new InMemoryStore(dir), TestServer.LIMITS, LIMIT);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void declaredLengthOverTheLimitIs413() {
        s.send(request(HttpRequest.BodyPublishers.ofByteArray(body()))).assertError(413, "payload_too_large", "body");
        s.assertServes();
    }

    @Test
    void chunkedUploadOverTheLimitIs413() {
        byte[] body = body();
        TestServer.Reply r = s.send(request(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertThat(r.status()).as(r.body()).isEqualTo(413);
        r.assertError(413, "payload_too_large", "body");
        s.assertServes();
    }

    private static HttpRequest.Builder request(HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(s.uri("/api/v1/models"))
                .header("Content-Type", "multipart/form-data; boundary=XyZ").POST(body);
    }

    private static byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("--XyZ\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\nkind: Model\r\n"
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes("--XyZ\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"m.onnx\"\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[2 * LIMIT]);
        out.writeBytes("\r\n--XyZ--\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
