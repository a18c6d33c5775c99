package dev.shepherd.automation;

import java.util.Locale;
import java.util.Optional;

/**
 * The ladder of automation, lowest first. Each step hands more of the decisions to the model:
 * <ul>
 *   <li>{@link #HUMAN}: people decide every request; the model is not asked.</li>
 *   <li>{@link #SHADOW}: people decide; the model is asked off the response path and its answers
 *       are compared with theirs (blind: reviewers do not see them).</li>
 *   <li>{@link #ASSIST}: people decide, shown the model's suggestion and confidence.</li>
 *   <li>{@link #PARTIAL}: the model answers when confident enough; people take the rest.</li>
 *   <li>{@link #FULL}: the model answers everything.</li>
 * </ul>
 */
public enum AutomationLevel {
    HUMAN, SHADOW, ASSIST, PARTIAL, FULL;

    /** The lower-case name used in YAML, JSON and the CLI. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the model is called on the response path at this level. */
    public boolean modelOnPath() {
        return this == ASSIST || this == PARTIAL || this == FULL;
    }

    /** Whether every request becomes a review item at this level. */
    public boolean everyRequestReviewed() {
        return this == HUMAN || this == SHADOW || this == ASSIST;
    }

    /** Parses a wire name (case-insensitive). */
    public static Optional<AutomationLevel> parse(String s) {
        if (s != null) {
            for (AutomationLevel l : values()) {
                if (l.wireName().equalsIgnoreCase(s.trim())) {
                    return Optional.of(l);
                }
            }
        }
        return Optional.empty();
    }

    /** The wire names, for messages: {@code human, shadow, assist, partial or full}. */
    public static String choices() {
        return "human, shadow, assist, partial or full";
    }
}
