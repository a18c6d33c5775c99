package dev.shepherd.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Peaks of this JVM's memory over one phase of a benchmark: the heap in use (the largest of a
 * sample every {@code 50 ms} and of the heap just before each collection, which is where the heap
 * in use peaks), the heap left after each collection (what was live, plus what the collection did
 * not reclaim), and the process's peak resident set ({@code VmHWM} of {@code /proc/self/status},
 * reset at the start by writing {@code 5} to {@code /proc/self/clear_refs}; Linux only, else
 * {@code -1}). Start with {@link #start()}, read with {@link #stop()}; one phase at a time.
 */
final class MemoryWatch {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    /** Peaks of one phase, in bytes; {@code rss} is -1 where it cannot be read or reset. */
    record Peaks(long heapUsed, long heapAfterGc, long heapCommitted, long rss, int collections) {
    }

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final AtomicLong heapUsed = new AtomicLong();
    private final AtomicLong heapAfterGc = new AtomicLong();
    private final AtomicLong heapCommitted = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private final NotificationListener listener = this::onGc;
    private volatile boolean running;
    private boolean rssReset;
    private Thread sampler;

    void start() {
        heapUsed.set(0);
        heapAfterGc.set(0);
        heapCommitted.set(0);
        collections.set(0);
        rssReset = resetRss();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
        }
        running = true;
        sampler = Thread.ofPlatform().daemon().name("memory-watch").start(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    Peaks stop() throws InterruptedException {
        sample();
        running = false;
        sampler.interrupt();
        sampler.join();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) gc).removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return new Peaks(heapUsed.get(), heapAfterGc.get(), heapCommitted.get(), rssReset ? rss() : -1,
                (int) collections.get());
    }

    private void sample() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        heapUsed.accumulateAndGet(heap.getUsed(), Math::max);
        heapCommitted.accumulateAndGet(heap.getCommitted(), Math::max);
    }

    private void onGc(Notification n, Object handback) {
        if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
        collections.incrementAndGet();
        heapUsed.accumulateAndGet(heapSum(info.getMemoryUsageBeforeGc()), Math::max);
        heapAfterGc.accumulateAndGet(heapSum(info.getMemoryUsageAfterGc()), Math::max);
    }

    private long heapSum(Map<String, MemoryUsage> pools) {
        long sum = 0;
        for (Map.Entry<String, MemoryUsage> e : pools.entrySet()) {
            if (heapPools.contains(e.getKey())) {
                sum += e.getValue().getUsed();
            }
        }
        return sum;
    }

    private static boolean resetRss() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** The peak resident set since the last reset, bytes, or -1. */
    static long rss() {
        try {
            List<String> lines = Files.readAllLines(STATUS);
            for (String l : lines) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
