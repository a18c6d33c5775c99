package dev.shepherd.cli;

import dev.shepherd.api.ShepherdServer;
import dev.shepherd.config.ConfigParser;
import dev.shepherd.config.ConfigBundle;
import dev.shepherd.feedback.FeedbackService;
import dev.shepherd.alert.Alerts;
import dev.shepherd.alert.LiveValues;
import dev.shepherd.automation.AutomationLayer;
import dev.shepherd.alert.LogNotifier;
import dev.shepherd.alert.Notifier;
import dev.shepherd.alert.WebhookNotifier;
import dev.shepherd.drift.LiveDrift;
import dev.shepherd.rollout.Comparisons;
import dev.shepherd.rollout.RolloutController;
import dev.shepherd.feedback.FeedbackSink;
import dev.shepherd.monitor.Monitoring;
import dev.shepherd.monitor.MonitoringSettings;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.schema.Prediction;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.shepherd.predictionlog.BatchingPredictionLog;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.runtime.JavaModelLoader;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.runtime.onnx.OnnxModelLoader;
import dev.shepherd.runtime.remote.RemoteModelLoader;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.ServingLimits;
import dev.shepherd.store.Store;
import dev.shepherd.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The composition root: one running Shepherd (store, runtimes, prediction log, gateway, HTTP
 * server) wired from immutable {@link Options}. Closing it stops everything in reverse order.
 */
public final class Node implements AutoCloseable {
    private final Store store;
    private final PredictionLog log;
    private final Gateway gateway;
    private final ShepherdServer server;

    /**
     * @param dataDir       data directory (created if missing)
     * @param host          interface to listen on ({@code 0.0.0.0} for all, {@code 127.0.0.1} for this machine only)
     * @param port          HTTP port, 0 for an ephemeral one
     * @param limits        request limits
     * @param sampleRate    share of requests whose payloads are logged, 0..1 (default 0.1)
     * @param configFiles   declarative files applied at start (all-or-nothing per file)
     * @param alertWebhooks URLs that receive alert notifications as JSON (may be empty)
     * @param alertmanagers base URLs of Prometheus Alertmanagers that receive them (may be empty)
     * @param access        who may call what ({@code null} or {@link dev.shepherd.access.AccessPolicy#open()}: no
     *                      access control)
     * @param privateCallbacks whether review callbacks may reach this machine or a private network
     *                      (default {@code false}: refused)
     */
    public record Options(Path dataDir, String host, int port, ServingLimits limits, double sampleRate, List<Path> configFiles,
                          List<java.net.URI> alertWebhooks, List<java.net.URI> alertmanagers,
                          dev.shepherd.access.AccessPolicy access, boolean privateCallbacks) {
        public Options {
            configFiles = List.copyOf(configFiles);
            alertWebhooks = List.copyOf(alertWebhooks);
            alertmanagers = List.copyOf(alertmanagers);
            access = access == null ? dev.shepherd.access.AccessPolicy.open() : access;
        }

        /** Options refusing callbacks to private addresses. */
        public Options(Path dataDir, String host, int port, ServingLimits limits, double sampleRate, List<Path> configFiles,
                       List<java.net.URI> alertWebhooks, List<java.net.URI> alertmanagers,
                       dev.shepherd.access.AccessPolicy access) {
            this(dataDir, host, port, limits, sampleRate, configFiles, alertWebhooks, alertmanagers, access, false);
        }

        /** These options with callbacks to private addresses allowed or not. */
        public Options withPrivateCallbacks(boolean allowed) {
            return new Options(dataDir, host, port, limits, sampleRate, configFiles, alertWebhooks, alertmanagers, access,
                    allowed);
        }

        /** Options without access control. */
        public Options(Path dataDir, String host, int port, ServingLimits limits, double sampleRate, List<Path> configFiles,
                       List<java.net.URI> alertWebhooks, List<java.net.URI> alertmanagers) {
            this(dataDir, host, port, limits, sampleRate, configFiles, alertWebhooks, alertmanagers, null);
        }

        /** These options with {@code policy} deciding who may call what. */
        public Options withAccess(dev.shepherd.access.AccessPolicy policy) {
            return new Options(dataDir, host, port, limits, sampleRate, configFiles, alertWebhooks, alertmanagers, policy,
                    privateCallbacks);
        }

        /** Options that notify alerts to the log only. */
        public Options(Path dataDir, String host, int port, ServingLimits limits, double sampleRate, List<Path> configFiles) {
            this(dataDir, host, port, limits, sampleRate, configFiles, List.of(), List.of());
        }

        /** Loopback only, default limits, 10 % payload sampling, no config files. */
        public static Options defaults(Path dataDir, int port) {
            return new Options(dataDir, "127.0.0.1", port, ServingLimits.defaults(), 0.1, List.of());
        }
    }

    private final Monitoring monitoring;
    private final RolloutController rollouts;
    private final LiveDrift drift;
    private final Alerts alerts;
    private final List<WebhookNotifier> webhooks;
    private final ScheduledExecutorService ticker;
    private final AutomationLayer automation;

    private Node(Store store, PredictionLog log, Gateway gateway, ShepherdServer server, Monitoring monitoring,
                 RolloutController rollouts, LiveDrift drift, Alerts alerts, List<WebhookNotifier> webhooks,
                 ScheduledExecutorService ticker, AutomationLayer automation) {
        this.automation = automation;
        this.rollouts = rollouts;
        this.drift = drift;
        this.alerts = alerts;
        this.webhooks = webhooks;
        this.store = store;
        this.log = log;
        this.gateway = gateway;
        this.server = server;
        this.monitoring = monitoring;
        this.ticker = ticker;
    }

    /**
     * Opens the store, loads every deployment, applies the config files, starts monitoring (its
     * buckets closed and persisted every bucket width) and starts serving.
     */
    public static Node start(Options o) {
        Clock clock = Clock.systemUTC();
        ConfigParser parser = new ConfigParser(clock);
        Store store = SqliteStore.open(o.dataDir());
        PredictionLog log = new BatchingPredictionLog(store.predictionSink(), 10_000, 500, 200, o.sampleRate());
        Runtimes runtimes = Runtimes.of(List.of(new OnnxModelLoader(), new JavaModelLoader(), new RemoteModelLoader()));
        Gateway gateway = new Gateway(store, runtimes, log, clock, o.limits());
        MonitoringSettings settings = MonitoringSettings.defaults();
        Monitoring monitoring = new Monitoring(clock, settings, store.metrics());
        gateway.observeWith(monitoring::record);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shepherd-monitoring-tick");
            t.setDaemon(true);
            return t;
        });
        long every = settings.bucket().toMillis();
        ticker.scheduleAtFixedRate(() -> {
            try {
                monitoring.tick();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Node.class).warn("monitoring tick failed: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        dev.shepherd.monitor.SystemSampler system = new dev.shepherd.monitor.SystemSampler(clock);
        long sampleEvery = dev.shepherd.monitor.SystemSampler.INTERVAL.toMillis();
        ticker.scheduleAtFixedRate(() -> {
            try {
                system.sample();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Node.class).warn("system sample failed: {}", e.toString());
            }
        }, sampleEvery, sampleEvery, TimeUnit.MILLISECONDS);
        Comparisons comparisons = new Comparisons(clock);
        gateway.compareWith(comparisons);
        RolloutController rollouts = new RolloutController(gateway, store.rollouts(), monitoring::window, comparisons,
                clock);
        LiveDrift drift = new LiveDrift(gateway, store, monitoring::window, clock);
        List<WebhookNotifier> webhooks = new java.util.ArrayList<>();
        o.alertWebhooks().forEach(u -> webhooks.add(new WebhookNotifier(u)));
        o.alertmanagers().forEach(u -> webhooks.add(WebhookNotifier.alertmanager(u, 4, java.time.Duration.ofMillis(500),
                java.time.Duration.ofSeconds(5))));
        Notifier notifier = new LogNotifier();
        for (WebhookNotifier w : webhooks) {
            notifier = notifier.and(w);
        }
        FeedbackService feedback = new FeedbackService(store, clock, new FeedbackSink() {
            @Override
            public void label(SeriesKey key, Prediction predicted, String trueLabel, Double trueValue) {
                monitoring.recordLabel(key, predicted, trueLabel, trueValue);
            }

            @Override
            public void event(SeriesKey key, String event, double value) {
                monitoring.recordEvent(key, event, value);
            }
        }, d -> gateway.status(d).map(s -> s.deployment().serving()), gateway.recentPredictions(),
                java.time.Duration.ofMillis(300));
        AutomationLayer automation = AutomationLayer.create(gateway, feedback, clock, o.privateCallbacks());
        Alerts alerts = new Alerts(gateway, new LiveValues(gateway, monitoring::window, drift, clock, automation.stats()),
                notifier, clock);
        alerts.reportWebhooks(webhooks);
        try {
            gateway.start();
            rollouts.resumeAll();
            for (Path file : o.configFiles()) {
                ConfigBundle b = parser.parse(read(file), file.toAbsolutePath().getParent(), "config:" + file.getFileName());
                gateway.apply(b.withDeployments(b.deployments().stream().map(rollouts::declared).toList()))
                        .forEach(rollouts::reconcile);
            }
            ticker.scheduleWithFixedDelay(() -> {
                try {
                    rollouts.tick();
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(Node.class).warn("rollout tick failed: {}", e.toString());
                }
            }, ROLLOUT_TICK_MILLIS, ROLLOUT_TICK_MILLIS, TimeUnit.MILLISECONDS);
            ticker.scheduleWithFixedDelay(() -> {
                try {
                    drift.tick();
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(Node.class).warn("drift tick failed: {}", e.toString());
                }
            }, DRIFT_TICK_MILLIS, DRIFT_TICK_MILLIS, TimeUnit.MILLISECONDS);
            ticker.scheduleWithFixedDelay(() -> {
                try {
                    alerts.tick();
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(Node.class).warn("alert tick failed: {}", e.toString());
                }
            }, ALERT_TICK_MILLIS, ALERT_TICK_MILLIS, TimeUnit.MILLISECONDS);
            ShepherdServer server = ShepherdServer.builder(gateway, parser, o.limits())
                    .predictionLog(log).monitoring(monitoring).clock(clock).feedback(feedback).rollouts(rollouts).drift(drift).alerts(alerts).access(o.access())
                    .automation(automation).system(system).build();
            server.start(o.host(), o.port());
            return new Node(store, log, gateway, server, monitoring, rollouts, drift, alerts, webhooks, ticker, automation);
        } catch (RuntimeException e) {
            ticker.shutdownNow();
            automation.close();
            gateway.close();
            monitoring.close();
            log.close();
            store.close();
            throw e;
        }
    }

    /** How often the rollout controller evaluates gates and advances rollouts, milliseconds. */
    public static final long ROLLOUT_TICK_MILLIS = 1_000;

    /** How often alert rules are evaluated, milliseconds. */
    public static final long ALERT_TICK_MILLIS = 15_000;

    /** Alerting (rules evaluated every {@value #ALERT_TICK_MILLIS} ms). */
    public Alerts alerts() {
        return alerts;
    }

    /** How often live drift is evaluated for every deployment and window, milliseconds. */
    public static final long DRIFT_TICK_MILLIS = 15_000;

    /** Live drift (evaluated every {@value #DRIFT_TICK_MILLIS} ms). */
    public LiveDrift drift() {
        return drift;
    }

    /** The automation ladder: levels, the review queue's desk and its evidence. */
    public AutomationLayer automation() {
        return automation;
    }

    /** The rollout controller. */
    public RolloutController rollouts() {
        return rollouts;
    }

    /** The monitoring engine (windows, series, totals). */
    public Monitoring monitoring() {
        return monitoring;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new dev.shepherd.error.InvalidConfigException(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** The serving core. */
    public Gateway gateway() {
        return gateway;
    }

    /** The store in the data directory. */
    public Store store() {
        return store;
    }

    /** The batched prediction log (counters in {@link PredictionLog#stats()}). */
    public PredictionLog predictionLog() {
        return log;
    }

    /** The HTTP port actually bound (useful with port 0). */
    public int port() {
        return server.port();
    }

    /** The base URL clients on this machine use. */
    public String url() {
        return "http://localhost:" + port();
    }

    /** Stops the server, unloads models, flushes the prediction log and closes the store. */
    @Override
    public void close() {
        server.stop();
        ticker.shutdownNow();
        webhooks.forEach(WebhookNotifier::close);
        automation.close();
        gateway.close();
        monitoring.close();
        log.close();
        store.close();
    }
}
