package dev.shepherd.monitor;

import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.Tensor;
import dev.shepherd.schema.TensorMedia;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.FrequentItemsSketch;

/**
 * Mergeable statistics of one input feature: count and missing for every type, then by kind the
 * value distribution (number, integer, boolean as 0/1), a frequent-items sketch and the unseen
 * count (category), the length distribution (text), and length, volume and media measures
 * (tensor). Not thread-safe: a stripe lock guards it.
 *
 * <p>Implementation notes. A value is missing when it is {@code null}, a non-finite number, or
 * of a Java type the feature cannot hold (never an exception on the hot path). Categories use
 * DataSketches' {@link FrequentItemsSketch} (Anderson et al., "A High-Performance Algorithm for
 * Identifying Frequent Items in Data Streams", 2017) with a maximum map size of at least
 * {@value #MIN_MAP_SIZE}: counts are exact while fewer than {@code 0.75 × mapSize} distinct values
 * were seen, and otherwise off by at most {@code getMaximumError()}; memory stays bounded whatever
 * the cardinality. Image brightness is the mean element value of one instance; audio duration is
 * the last dimension (samples) and the RMS level {@code sqrt(Σx² / volume)} over all elements.
 */
final class FeatureAccumulator {
    /** Smallest frequent-items map size (a power of two). */
    static final int MIN_MAP_SIZE = 128;

    private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();

    /** The measures a kind keeps, in serialization order. */
    enum Part { VALUE, LENGTH, VOLUME, BRIGHTNESS, DURATION, RMS }

    enum Kind {
        NUMERIC(Part.VALUE), CATEGORY(), TEXT(Part.LENGTH), TENSOR(Part.LENGTH, Part.VOLUME),
        IMAGE(Part.LENGTH, Part.VOLUME, Part.BRIGHTNESS), AUDIO(Part.LENGTH, Part.VOLUME, Part.DURATION, Part.RMS);

        final Part[] parts;

        Kind(Part... parts) {
            this.parts = parts;
        }

        static Kind of(FeatureType type, TensorMedia media) {
            return switch (type) {
                case NUMBER, INTEGER, BOOLEAN -> NUMERIC;
                case CATEGORY -> CATEGORY;
                case TEXT -> TEXT;
                case TENSOR -> media == TensorMedia.IMAGE ? IMAGE : media == TensorMedia.AUDIO ? AUDIO : TENSOR;
            };
        }
    }

    final String name;
    final FeatureType type;
    final TensorMedia media;
    final Kind kind;
    private final int mapSize;
    private final boolean tracksUnseen;
    private long count;
    private long missing;
    private long unseen;
    private final NumericAccumulator[] parts = new NumericAccumulator[Part.values().length];
    private FrequentItemsSketch<String> categories;

    FeatureAccumulator(String name, FeatureType type, TensorMedia media, boolean tracksUnseen, int mapSize) {
        this.name = name;
        this.type = type;
        this.media = media == null ? TensorMedia.NONE : media;
        this.kind = Kind.of(type, this.media);
        this.tracksUnseen = tracksUnseen;
        this.mapSize = mapSize;
        for (Part p : kind.parts) {
            parts[p.ordinal()] = new NumericAccumulator(type != FeatureType.BOOLEAN);
        }
    }

    static FeatureAccumulator of(FeatureSpec spec, int topK) {
        return new FeatureAccumulator(spec.name(), spec.type(), spec.media(),
                spec.type() == FeatureType.CATEGORY && !spec.values().isEmpty(), mapSize(topK));
    }

    /** A power of two of at least {@value #MIN_MAP_SIZE} and four times {@code topK}. */
    static int mapSize(int topK) {
        int want = Math.max(MIN_MAP_SIZE, topK * 4);
        return Integer.highestOneBit(want - 1) << 1;
    }

    /** Whether this accumulator holds statistics of the same kind as {@code spec} declares. */
    boolean accepts(FeatureSpec spec) {
        return kind == Kind.of(spec.type(), spec.media())
                && tracksUnseen == (spec.type() == FeatureType.CATEGORY && !spec.values().isEmpty());
    }

    FeatureAccumulator emptyCopy() {
        return new FeatureAccumulator(name, type, media, tracksUnseen, mapSize);
    }

    /**
     * Observes one instance's value; returns {@code false} when it is missing.
     *
     * @param declared the declared categories (category features), else ignored
     */
    boolean add(Object v, Set<String> declared) {
        count++;
        boolean present = switch (kind) {
            case NUMERIC -> addNumber(v);
            case CATEGORY -> addCategory(v, declared);
            case TEXT -> {
                if (v instanceof String s) {
                    parts[Part.LENGTH.ordinal()].add(s.length());
                    yield true;
                }
                yield false;
            }
            case TENSOR, IMAGE, AUDIO -> v instanceof Tensor t && addTensor(t);
        };
        if (!present) {
            missing++;
        }
        return present;
    }

    private boolean addNumber(Object v) {
        double x;
        if (v instanceof Double d) {
            x = d;
        } else if (v instanceof Long l) {
            x = l;
        } else if (v instanceof Boolean b) {
            x = b ? 1 : 0;
        } else if (v instanceof Number n) {
            x = n.doubleValue();
        } else {
            return false;
        }
        if (!Double.isFinite(x)) {
            return false;
        }
        parts[Part.VALUE.ordinal()].add(x);
        return true;
    }

    private boolean addCategory(Object v, Set<String> declared) {
        if (v == null) {
            return false;
        }
        String s = v instanceof String str ? str : v.toString();
        if (categories == null) {
            categories = new FrequentItemsSketch<>(mapSize);
        }
        categories.update(s);
        if (tracksUnseen && declared != null && !declared.contains(s)) {
            unseen++;
        }
        return true;
    }

    private boolean addTensor(Tensor t) {
        double[] data = t.data();
        int[] shape = t.shape();
        if (data == null || shape == null) {
            return false;
        }
        parts[Part.LENGTH.ordinal()].add(shape.length == 0 ? 1 : shape[0]);
        parts[Part.VOLUME.ordinal()].add(data.length);
        if (kind == Kind.IMAGE && data.length > 0) {
            double sum = 0;
            for (double x : data) {
                sum += x;
            }
            addFinite(Part.BRIGHTNESS, sum / data.length);
        } else if (kind == Kind.AUDIO) {
            parts[Part.DURATION.ordinal()].add(shape.length == 0 ? 1 : shape[shape.length - 1]);
            if (data.length > 0) {
                double sq = 0;
                for (double x : data) {
                    sq += x * x;
                }
                addFinite(Part.RMS, Math.sqrt(sq / data.length));
            }
        }
        return true;
    }

    private void addFinite(Part p, double x) {
        if (Double.isFinite(x)) {
            parts[p.ordinal()].add(x);
        }
    }

    /** Adds {@code o}'s statistics; {@code o} must be of the same kind (see {@link #accepts}). */
    void merge(FeatureAccumulator o) {
        count += o.count;
        missing += o.missing;
        unseen += o.unseen;
        for (Part p : kind.parts) {
            NumericAccumulator theirs = o.parts[p.ordinal()];
            if (theirs != null) {
                parts[p.ordinal()].merge(theirs);
            }
        }
        if (o.categories != null && !o.categories.isEmpty()) {
            if (categories == null) {
                categories = new FrequentItemsSketch<>(mapSize);
            }
            categories.merge(o.categories);
        }
    }

    void reset() {
        count = 0;
        missing = 0;
        unseen = 0;
        for (Part p : kind.parts) {
            parts[p.ordinal()].reset();
        }
        if (categories != null) {
            categories.reset();
        }
    }

    FeatureStats snapshot(int topK) {
        List<FeatureStats.CategoryCount> top = List.of();
        long maxError = 0;
        if (categories != null && !categories.isEmpty()) {
            List<FeatureStats.CategoryCount> all = new ArrayList<>();
            for (FrequentItemsSketch.Row<String> r : categories.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
                all.add(new FeatureStats.CategoryCount(r.getItem(), r.getEstimate()));
            }
            all.sort(Comparator.comparingLong(FeatureStats.CategoryCount::count).reversed()
                    .thenComparing(FeatureStats.CategoryCount::value));
            top = List.copyOf(all.subList(0, Math.min(topK, all.size())));
            maxError = categories.getMaximumError();
        }
        return new FeatureStats(name, type, media, count, missing, kind == Kind.CATEGORY && tracksUnseen ? unseen : -1,
                top, maxError, part(Part.VALUE), part(Part.LENGTH), part(Part.VOLUME), part(Part.BRIGHTNESS),
                part(Part.DURATION), part(Part.RMS));
    }

    private Distribution part(Part p) {
        NumericAccumulator a = parts[p.ordinal()];
        return a == null ? Distribution.EMPTY : a.snapshot();
    }

    void write(DataOutput out) throws IOException {
        out.writeUTF(name);
        out.writeUTF(type.name());
        out.writeUTF(media.name());
        out.writeBoolean(tracksUnseen);
        out.writeInt(mapSize);
        out.writeLong(count);
        out.writeLong(missing);
        out.writeLong(unseen);
        for (Part p : kind.parts) {
            parts[p.ordinal()].write(out);
        }
        if (categories == null || categories.isEmpty()) {
            out.writeInt(0);
        } else {
            byte[] b = categories.toByteArray(SERDE);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    static FeatureAccumulator read(DataInput in) throws IOException {
        String name = in.readUTF();
        FeatureType type;
        TensorMedia media;
        try {
            type = FeatureType.valueOf(in.readUTF());
            media = TensorMedia.valueOf(in.readUTF());
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown feature type or media of " + name, e);
        }
        boolean tracksUnseen = in.readBoolean();
        int mapSize = in.readInt();
        if (mapSize < 8 || Integer.bitCount(mapSize) != 1) {
            throw new IOException("bad frequent-items map size " + mapSize);
        }
        FeatureAccumulator f = new FeatureAccumulator(name, type, media, tracksUnseen, mapSize);
        f.count = in.readLong();
        f.missing = in.readLong();
        f.unseen = in.readLong();
        for (Part p : f.kind.parts) {
            f.parts[p.ordinal()] = NumericAccumulator.read(in);
        }
        byte[] b = BucketCodec.readBlob(in);
        if (b.length > 0) {
            f.categories = FrequentItemsSketch.getInstance(MemorySegment.ofArray(b), SERDE);
        }
        return f;
    }
}
