package dev.shepherd.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes each notification to the log ({@code WARN} when firing, {@code INFO} when resolved). Thread-safe. */
public final class LogNotifier implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger("dev.shepherd.alerts");

    @Override
    public void notify(Notification n) {
        if ("firing".equals(n.status())) {
            LOG.warn("ALERT {} firing on {} ({}): {} = {} {}", n.rule(), n.deployment(), n.severity(), n.expr(), n.value(),
                    n.annotations().getOrDefault("summary", ""));
        } else {
            LOG.info("ALERT {} resolved on {}", n.rule(), n.deployment());
        }
    }
}
