package dev.shepherd.drift;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/** Lines of a UTF-8 stream with their numbers, reporting progress in bytes. Not thread-safe. */
final class CountingLines {
    private final BufferedReader reader;
    private final LongConsumer progress;
    private long line;
    private long bytes;

    CountingLines(InputStream in, LongConsumer progress) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        this.progress = progress;
    }

    String next() throws IOException {
        String s = reader.readLine();
        if (s != null) {
            line++;
            bytes += s.length() + 1;
            if ((line & 1023) == 0) {
                progress.accept(bytes);
            }
        }
        return s;
    }

    long line() {
        return line;
    }
}
