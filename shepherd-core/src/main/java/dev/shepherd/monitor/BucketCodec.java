package dev.shepherd.monitor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The versioned byte format of one series' bucket, as stored in {@link MetricsStore.StoredBucket}.
 * Layout: magic {@code "SHMB"} (4 bytes), format version (2 bytes, big-endian), then the fields of
 * {@link SeriesAccumulator#write}: counters as longs, names as modified UTF-8, sketches as
 * length-prefixed blobs in their libraries' own formats (HdrHistogram compressed encoding,
 * DataSketches KLL compact and frequent-items images). A reader refuses a newer version rather
 * than misread it. Stateless.
 */
final class BucketCodec {
    static final int MAGIC = 0x53484D42;
    /** The format written; bump when {@link SeriesAccumulator#write} changes. */
    static final short VERSION = 1;
    /** Largest blob accepted when reading (64 MiB), against corrupt lengths. */
    private static final int MAX_BLOB = 64 << 20;

    private BucketCodec() {
    }

    static byte[] encode(SeriesAccumulator a) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            a.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes a payload written by {@link #encode}.
     *
     * @throws IOException when the payload is not a bucket, of an unknown version, or corrupt
     */
    static SeriesAccumulator decode(byte[] payload, int topK) throws IOException {
        if (payload == null || payload.length < 6) {
            throw new IOException("bucket payload too short");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IOException("not a monitoring bucket (magic " + Integer.toHexString(magic) + ")");
        }
        short version = in.readShort();
        if (version != VERSION) {
            throw new IOException("monitoring bucket format " + version + " is not supported (this build reads "
                    + VERSION + ")");
        }
        try {
            return SeriesAccumulator.read(in, topK);
        } catch (RuntimeException e) {
            throw new IOException("corrupt monitoring bucket: " + e, e);
        }
    }

    /** A length-prefixed byte array. */
    static byte[] readBlob(DataInput in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > MAX_BLOB) {
            throw new IOException("bad blob length " + len);
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }
}
