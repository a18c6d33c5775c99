package dev.shepherd.registry;

import dev.shepherd.error.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Artifact file helpers: hashing, and copying uploads into the data directory. */
public final class Artifacts {
    private Artifacts() {
    }

    /** Hex SHA-256 of the file; a missing or unreadable file is a config error on {@code field}. */
    public static String sha256(Path file, String field) {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        } catch (IOException e) {
            throw new InvalidConfigException(field, "cannot read artifact " + file + ": " + e.getMessage());
        }
    }

    public static String sha256(InputStream in) throws IOException {
        MessageDigest md = digest();
        try (DigestInputStream din = new DigestInputStream(in, md)) {
            din.transferTo(OutputStreamSink.INSTANCE);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /**
     * Writes {@code bytes} to {@code dataDir/artifacts/<name>/<version>/<fileName>} and returns the
     * absolute path. Names are checked so an upload cannot escape the directory.
     */
    public static Path store(Path dataDir, String name, String version, String fileName, byte[] bytes) {
        for (String part : new String[] {name, version, fileName}) {
            if (!part.matches("[A-Za-z0-9._-]{1,128}") || part.equals(".") || part.equals("..")) {
                throw new InvalidConfigException("artifact", "unsafe artifact path part '" + part + "'");
            }
        }
        Path dir = dataDir.resolve("artifacts").resolve(name).resolve(version);
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(fileName);
            Files.write(file, bytes);
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
