package dev.shepherd.runtime.remote;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw HTTP/1.1 upstream for connection-reuse tests. It answers the first
 * {@code answersPerConnection} requests of each connection (a {@code POST} with a fixed body,
 * anything else with {@code {}}) and closes the connection on the next one without answering, as
 * a server does that drops an idle keep-alive connection just as the client reuses it.
 */
final class ConnectionDroppingUpstream implements AutoCloseable {
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger posts = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();

    private final ServerSocket server;
    private final int answersPerConnection;
    private final byte[] postAnswer;

    ConnectionDroppingUpstream(int answersPerConnection, byte[] postAnswer) throws IOException {
        this.answersPerConnection = answersPerConnection;
        this.postAnswer = postAnswer.clone();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("dropping-upstream").start(this::accept);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (int answered = 0; ; answered++) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                boolean post = head.startsWith("POST ");
                if (post) {
                    posts.incrementAndGet();
                }
                in.readNBytes(contentLength(head));
                if (answered == answersPerConnection) {
                    dropped.incrementAndGet();
                    return;
                }
                byte[] body = post ? postAnswer : "{}".getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** The request line and headers up to the blank line, or {@code null} at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.lastIndexOf("\r\n\r\n") == sb.length() - 4) {
                return sb.toString();
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Content-Length")) {
                return Integer.parseInt(line.substring(colon + 1).strip());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
