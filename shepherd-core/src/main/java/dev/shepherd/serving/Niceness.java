package dev.shepherd.serving;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the operating-system scheduling priority of the calling thread, so background work (shadow
 * copies) only takes CPU time the request threads leave. Java's thread priorities are ignored on
 * Linux, so this calls the C library's {@code setpriority(PRIO_PROCESS, gettid(), 19)} through the
 * JDK's foreign function API (on Linux a thread id sets that thread's nice value; raising it needs
 * no privilege). Elsewhere, or when the call is refused, it does nothing and says so once.
 * Thread-safe.
 */
final class Niceness {
    /** The nice value background threads run at: the lowest priority. */
    static final int BACKGROUND = 19;

    private static final Logger LOG = LoggerFactory.getLogger(Niceness.class);
    private static final MethodHandle GETTID;
    private static final MethodHandle SETPRIORITY;

    static {
        MethodHandle tid = null;
        MethodHandle prio = null;
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                Optional<java.lang.foreign.MemorySegment> g = libc.find("gettid");
                Optional<java.lang.foreign.MemorySegment> s = libc.find("setpriority");
                if (g.isPresent() && s.isPresent()) {
                    tid = linker.downcallHandle(g.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
                    prio = linker.downcallHandle(s.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.info("background threads keep normal priority: {}", e.toString());
            }
        }
        GETTID = tid;
        SETPRIORITY = prio;
    }

    private Niceness() {
    }

    /** Sets the calling thread's nice value to {@value #BACKGROUND}; true when it took effect. */
    static boolean background() {
        if (GETTID == null || SETPRIORITY == null) {
            return false;
        }
        try {
            int tid = (int) GETTID.invokeExact();
            return (int) SETPRIORITY.invokeExact(0, tid, BACKGROUND) == 0;
        } catch (Throwable e) {
            LOG.debug("cannot lower the thread's priority: {}", e.toString());
            return false;
        }
    }
}
