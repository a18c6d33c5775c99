package dev.shepherd.api;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The label values one deployment may export on {@code /metrics}: a bounded set per label,
 * admitted in the order first seen and never evicted, so a series, once exported, stays stable
 * (counters never move between label values). Not thread-safe; see {@link MonitoringMeters}.
 */
final class LabelCaps {
    /** Where counts of values beyond a cap are summed. */
    static final String OTHER = "_other";

    final Admitted features = new Admitted(MonitoringMeters.MAX_FEATURES);
    final Admitted classes = new Admitted(MonitoringMeters.MAX_CLASSES);
    final Admitted events = new Admitted(MonitoringMeters.MAX_EVENTS);
    final Admitted codes = new Admitted(MonitoringMeters.MAX_CODES);

    /** At most {@code cap} values of one label. */
    static final class Admitted {
        private final int cap;
        private final Set<String> values = new HashSet<>();

        Admitted(int cap) {
            this.cap = cap;
        }

        /** Whether {@code value} may be exported, admitting it while there is room. */
        boolean admit(String value) {
            if (values.contains(value)) {
                return true;
            }
            if (values.size() < cap) {
                values.add(value);
                return true;
            }
            return false;
        }

        /** Whether {@code value} was admitted before (does not admit). */
        boolean admitted(String value) {
            return values.contains(value);
        }

        /**
         * The counts with every value that cannot be admitted summed under {@value #OTHER}. Since
         * admission is permanent, the {@code _other} sum only grows when its parts grow.
         */
        Map<String, Long> sum(Map<String, Long> counts) {
            Map<String, Long> out = new LinkedHashMap<>();
            counts.forEach((value, n) -> out.merge(admit(value) ? value : OTHER, n, Long::sum));
            return out;
        }
    }
}
