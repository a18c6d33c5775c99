package dev.shepherd.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ModelRegistry} held in memory, for tests, tools and the {@code InMemoryStore}. Versions
 * registered in the same instant are ordered by registration order. Thread-safe (one lock; every
 * operation is short).
 */
public final class InMemoryModelRegistry implements ModelRegistry {
    private static final Comparator<Entry> BY_CREATION =
            Comparator.comparing((Entry e) -> e.version.createdAt(), Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparingLong(e -> e.sequence);

    private final Map<String, Entry> byKey = new LinkedHashMap<>();
    private long nextSequence;

    @Override
    public synchronized ModelVersion register(ModelVersion version) {
        Objects.requireNonNull(version, "version");
        Entry stored = byKey.get(version.key());
        if (stored != null) {
            VersionConflicts.requireSameContent(stored.version, version);
            return stored.version;
        }
        byKey.put(version.key(), new Entry(version, nextSequence++));
        return version;
    }

    @Override
    public synchronized Optional<ModelVersion> find(String name, String version) {
        Entry e = byKey.get(name + ":" + version);
        return e == null ? Optional.empty() : Optional.of(e.version);
    }

    @Override
    public synchronized List<ModelVersion> list() {
        return sorted(new ArrayList<>(byKey.values()), Comparator.comparing((Entry e) -> e.version.name()).thenComparing(BY_CREATION));
    }

    @Override
    public synchronized List<ModelVersion> versions(String name) {
        List<Entry> of = new ArrayList<>();
        for (Entry e : byKey.values()) {
            if (e.version.name().equals(name)) {
                of.add(e);
            }
        }
        return sorted(of, BY_CREATION);
    }

    private static List<ModelVersion> sorted(List<Entry> entries, Comparator<Entry> order) {
        entries.sort(order);
        return entries.stream().map(e -> e.version).toList();
    }

    private record Entry(ModelVersion version, long sequence) {
    }
}
