package dev.shepherd.drift;

import java.time.Duration;
import java.util.List;

/**
 * A deployment's live drift settings ({@code spec.drift}), read by
 * {@link dev.shepherd.config.DriftSpecReader}.
 *
 * @param enabled  whether live drift is computed (default true; it also needs a reference)
 * @param windows  the windows compared with the reference, each on every evaluation (default 1 h);
 *                 short ones catch overnight shifts (B2B), long ones slow drift (consumers)
 * @param settings methods, thresholds, bins and the dataset share
 */
public record DriftSpec(boolean enabled, List<Duration> windows, DriftSettings settings) {
    /** The default: enabled, a one-hour window, {@link DriftSettings#defaults()}. */
    public static final DriftSpec DEFAULT = new DriftSpec(true, List.of(Duration.ofHours(1)), DriftSettings.defaults());

    public DriftSpec {
        windows = List.copyOf(windows);
    }
}
