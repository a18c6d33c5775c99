package dev.shepherd.monitor;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;

/**
 * The running JVM's figures for {@link SystemSampler}. The process's CPU share is the CPU time it
 * used since the previous reading over the wall time since then times the CPUs (so it means the
 * same whoever else asks the JVM for its CPU load, as Micrometer's binders do on every scrape); the
 * machine's share is {@code com.sun.management.OperatingSystemMXBean#getCpuLoad()} (recent, as
 * the JVM measures it, container-aware); the load average is the OS's one-minute average over the
 * available processors ({@code NaN} where the OS has none, as on Windows); the heap is the
 * {@link MemoryMXBean}'s. Figures a platform lacks are {@code NaN} or {@code -1}. Thread-safe.
 */
final class PlatformProbe implements SystemSampler.Probe {
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final int cpus = Math.max(1, os.getAvailableProcessors());
    private long lastCpuNanos;
    private long lastWallNanos;

    PlatformProbe() {
        lastCpuNanos = processCpuNanos();
        lastWallNanos = System.nanoTime();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            sun.getCpuLoad(); // the first call only starts the JVM's measurement (it answers 0)
        }
    }

    @Override
    public int cpus() {
        return cpus;
    }

    @Override
    public synchronized SystemSampler.Reading read() {
        long cpu = processCpuNanos();
        long wall = System.nanoTime();
        double process = Double.NaN;
        if (cpu >= 0 && lastCpuNanos >= 0 && wall > lastWallNanos) {
            process = Math.clamp((double) (cpu - lastCpuNanos) / ((double) (wall - lastWallNanos) * cpus), 0.0, 1.0);
        }
        lastCpuNanos = cpu;
        lastWallNanos = wall;
        double system = Double.NaN;
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            double load = sun.getCpuLoad();
            system = load >= 0 ? Math.min(1, load) : Double.NaN;
        }
        double load = os.getSystemLoadAverage();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        return new SystemSampler.Reading(process, system, load >= 0 ? load / cpus : Double.NaN, heap.getUsed(),
                heap.getMax());
    }

    /** CPU time of this process, nanoseconds; -1 when the platform does not tell. */
    private long processCpuNanos() {
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }
}
