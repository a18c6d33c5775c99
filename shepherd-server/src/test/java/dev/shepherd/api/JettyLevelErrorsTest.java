package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests that Jetty rejects before Javalin sees them are still answered in the JSON error shape. */
class JettyLevelErrorsTest {
    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() {
        s = new TestServer(dir);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void oversizedHeadersAreAnsweredInJson() throws IOException {
        String response = raw("GET /v2/health/live HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(64 * 1024)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 431");
        assertThat(response).contains("application/json").contains("\"code\":\"payload_too_large\"").contains("\"request_id\"");
        s.assertServes();
    }

    @Test
    void unparseableRequestsAreAnsweredInJson() throws IOException {
        String response = raw("GET /v2/%zz/../x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).contains("application/json").contains("\"error\"").doesNotContain("<html");
        s.assertServes();
    }

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", s.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
