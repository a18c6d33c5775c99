package dev.shepherd.drift;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Splits a CSV byte stream into records of fields without copying them: after {@link #next()},
 * field {@code i} is {@code buffer()[start(i), end(i))}, quotes removed and {@code ""} unescaped in
 * place. A quoted field may hold commas and line breaks; {@code \r\n} and {@code \n} both end a
 * record. Valid until the next call. Not thread-safe.
 */
final class CsvLines {
    private final InputStream in;
    private final LongConsumer progress;
    private byte[] buf = new byte[1 << 20];
    private int pos;
    private int limit;
    private boolean eof;
    private long bytesRead;
    private long nextLine = 1;
    private long line;
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int count;

    CsvLines(InputStream in, LongConsumer progress) {
        this.in = in;
        this.progress = progress;
    }

    /** Reads the next record; false at the end of the input. */
    boolean next() throws IOException {
        while (true) {
            int end = recordEnd(pos);
            if (end >= 0) {
                split(pos, end);
                pos = end + 1;
                return true;
            }
            if (eof) {
                if (pos >= limit) {
                    return false;
                }
                split(pos, limit); // the last record, without a final line break
                pos = limit;
                return true;
            }
            fill();
        }
    }

    /** The line on which the current record starts (1 is the header). */
    long line() {
        return line;
    }

    int count() {
        return count;
    }

    byte[] buffer() {
        return buf;
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    /** Copies of the current record's fields. */
    List<byte[]> copy() {
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(Arrays.copyOfRange(buf, starts[i], ends[i]));
        }
        return out;
    }

    /** Index of the line break ending the record starting at {@code from}, or -1 if not in the buffer. */
    private int recordEnd(int from) {
        boolean quoted = false;
        for (int i = from; i < limit; i++) {
            byte b = buf[i];
            if (b == '"') {
                quoted = !quoted;
            } else if (b == '\n' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private void split(int from, int to) {
        line = nextLine;
        int stop = to;
        if (stop > from && buf[stop - 1] == '\r') {
            stop--;
        }
        count = 0;
        int i = from;
        while (true) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
            }
            if (i < stop && buf[i] == '"') {
                int w = i; // unescape in place: the content moves left over the opening quote
                int r = i + 1;
                while (r < stop) {
                    byte b = buf[r];
                    if (b == '"') {
                        if (r + 1 < stop && buf[r + 1] == '"') {
                            buf[w++] = '"';
                            r += 2;
                            continue;
                        }
                        r++;
                        break;
                    }
                    if (b == '\n') {
                        nextLine++;
                    }
                    buf[w++] = b;
                    r++;
                }
                starts[count] = i;
                ends[count] = w;
                count++;
                while (r < stop && buf[r] != ',') {
                    r++; // text after a closing quote is dropped
                }
                if (r >= stop) {
                    break;
                }
                i = r + 1;
            } else {
                int s = i;
                while (i < stop && buf[i] != ',') {
                    i++;
                }
                starts[count] = s;
                ends[count] = i;
                count++;
                if (i >= stop) {
                    break;
                }
                i++;
            }
        }
        nextLine++;
    }

    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2); // a record longer than the buffer
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
            return;
        }
        limit += n;
        bytesRead += n;
        progress.accept(bytesRead);
    }
}
