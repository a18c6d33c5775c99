package dev.shepherd.monitor;

import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.TensorMedia;
import java.util.List;

/**
 * What one input feature looked like in a window. Every feature has a count and a missing count
 * (absent, {@code null}, NaN or a value of the wrong type); then, by type: {@link #values()} for
 * numbers and integers (booleans as 0/1, so the mean is the true fraction; no quantiles); top categories and the
 * unseen fraction for categories; {@link #length()} in characters for text; {@link #length()}
 * (first dimension), {@link #volume()} (elements) and, by media, {@link #brightness()} (image) or
 * {@link #duration()} and {@link #rms()} (audio) for tensors. Measures that do not apply are
 * {@link Distribution#EMPTY}. Immutable.
 */
public final class FeatureStats {
    /**
     * One frequent category and its count. Exact while the window saw fewer distinct values than
     * the sketch's capacity (at least 96); otherwise an estimate off by at most
     * {@link FeatureStats#categoryMaxError()}.
     */
    public record CategoryCount(String value, long count) {
    }

    private final String name;
    private final FeatureType type;
    private final TensorMedia media;
    private final long count;
    private final long missing;
    private final long unseen;
    private final List<CategoryCount> topCategories;
    private final long categoryMaxError;
    private final Distribution values;
    private final Distribution length;
    private final Distribution volume;
    private final Distribution brightness;
    private final Distribution duration;
    private final Distribution rms;

    FeatureStats(String name, FeatureType type, TensorMedia media, long count, long missing, long unseen,
                 List<CategoryCount> topCategories, long categoryMaxError, Distribution values, Distribution length,
                 Distribution volume, Distribution brightness, Distribution duration, Distribution rms) {
        this.name = name;
        this.type = type;
        this.media = media;
        this.count = count;
        this.missing = missing;
        this.unseen = unseen;
        this.topCategories = topCategories;
        this.categoryMaxError = categoryMaxError;
        this.values = values;
        this.length = length;
        this.volume = volume;
        this.brightness = brightness;
        this.duration = duration;
        this.rms = rms;
    }

    public String name() {
        return name;
    }

    public FeatureType type() {
        return type;
    }

    /** For tensors, what they hold; {@link TensorMedia#NONE} otherwise. */
    public TensorMedia media() {
        return media;
    }

    /** Instances observed, present or missing. */
    public long count() {
        return count;
    }

    /** Instances where the feature was absent, {@code null}, NaN or of the wrong type. */
    public long missing() {
        return missing;
    }

    /** {@link #missing()} over {@link #count()}, a ratio; {@code NaN} when nothing was observed. */
    public double missingFraction() {
        return OutputStats.ratio(missing, count);
    }

    /** Number values (numbers, integers; booleans as 0/1) in the feature's own unit. */
    public Distribution values() {
        return values;
    }

    /** Shortcut for {@code values().mean()}. */
    public double mean() {
        return values.mean();
    }

    /** Shortcut for {@code values().std()} (sample standard deviation). */
    public double std() {
        return values.std();
    }

    public double min() {
        return values.min();
    }

    public double max() {
        return values.max();
    }

    /** Shortcut for {@code values().quantile(q)}: rank within {@link #quantileRankError()} of {@code q}. */
    public double quantile(double q) {
        return values.quantile(q);
    }

    /** KLL normalized rank error of {@link #quantile} (about 0.0133 for k = 200). */
    public double quantileRankError() {
        return values.quantileRankError();
    }

    /** The most frequent categories, most frequent first (ties by value), at most {@code topK}. */
    public List<CategoryCount> topCategories() {
        return topCategories;
    }

    /** Upper bound on the error of any category count; 0 when the counts are exact. */
    public long categoryMaxError() {
        return categoryMaxError;
    }

    /**
     * Present category values not among the schema's declared values; -1 when the schema declares
     * none (nothing to compare with) or the feature is not a category.
     */
    public long unseen() {
        return unseen;
    }

    /** {@link #unseen()} over present values, a ratio; {@code NaN} when not tracked or none present. */
    public double unseenFraction() {
        return unseen < 0 ? Double.NaN : OutputStats.ratio(unseen, count - missing);
    }

    /** Text length in characters (UTF-16 units), or a tensor's first dimension. */
    public Distribution length() {
        return length;
    }

    /** Tensor elements per instance. */
    public Distribution volume() {
        return volume;
    }

    /** Image tensors: mean element (pixel) value of each instance, in the pixels' unit. */
    public Distribution brightness() {
        return brightness;
    }

    /** Audio tensors: duration in samples (the last dimension) of each instance. */
    public Distribution duration() {
        return duration;
    }

    /** Audio tensors: RMS level {@code sqrt(mean(x²))} of each instance, in the samples' unit. */
    public Distribution rms() {
        return rms;
    }

    @Override
    public String toString() {
        return "FeatureStats[" + name + " " + type.wireName() + ", count=" + count + ", missing=" + missing + "]";
    }
}
