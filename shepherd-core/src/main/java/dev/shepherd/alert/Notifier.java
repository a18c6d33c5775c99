package dev.shepherd.alert;

/**
 * Delivers notifications. Called by the evaluator after the transition is stored; must not block
 * (deliver on its own threads) and must not throw.
 */
@FunctionalInterface
public interface Notifier {
    void notify(Notification n);

    static Notifier none() {
        return n -> { };
    }

    /** Both notifiers, in order. */
    default Notifier and(Notifier other) {
        return n -> {
            notify(n);
            other.notify(n);
        };
    }
}
