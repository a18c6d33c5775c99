package dev.shepherd.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.config.ConfigParser;
import dev.shepherd.error.ShepherdException;
import dev.shepherd.feedback.FeedbackService;
import dev.shepherd.rollout.RolloutController;
import dev.shepherd.monitor.Monitoring;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.ServingLimits;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shepherd's HTTP server: the Open Inference Protocol v2 endpoints ({@link OipRoutes}), the plain
 * JSON {@code predict} ({@link PredictRoutes}), and the management API for deployments, models
 * and {@code apply} ({@link DeploymentRoutes}, {@link ModelRoutes}), {@code GET /api/v1/stats}
 * (readiness, deployment count and the prediction log's counters), {@code GET /metrics} in the
 * Prometheus text format ({@link PrometheusEndpoint}) and, with {@link Monitoring}, the metrics
 * API of each deployment ({@link MetricsRoutes}) and, with a {@link FeedbackService},
 * {@code POST /api/v1/feedback} ({@link FeedbackRoutes}) and, with a {@link RolloutController}, rollout
 * control and audit ({@link RolloutRoutes}) and, with a {@link dev.shepherd.monitor.SystemSampler}, the
 * server's load history ({@link SystemRoutes}), in front of one {@link Gateway}. Runs on
 * Javalin (Jetty) with one virtual thread per request. With an enabled access policy, requests
 * need a bearer token whose role allows them ({@link AccessFilter}). It also serves two web pages
 * ({@link WebAssets}): the monitoring dashboard at {@code /} (its files under {@code /ui/}, the uPlot
 * chart library from its WebJar under {@code /ui/vendor/}) and the reviewer page at {@code /review}.
 *
 * <p>Every response carries {@code X-Request-Id} (the caller's when it is 1..128 characters of
 * {@code [A-Za-z0-9._:-]}, else a new UUID); inference responses also carry
 * {@code X-Shepherd-Model-Version}. Every error has one JSON shape, produced in one place
 * ({@link ErrorMapper}). Request bodies are bounded by {@link ServingLimits#maxBodyBytes()} (413
 * above it), uploads by {@code maxUploadBytes}; see {@link Bodies} for the content-type and JSON
 * rules. Relative artifact paths in documents sent to the API resolve against the store's data
 * directory.
 *
 * <p>Lifecycle: {@link #start} once, {@link #stop} once (a stopped server cannot be restarted;
 * build a new one). The gateway, store, prediction log and monitoring belong to the caller, who
 * closes them after {@link #stop}. Thread-safe.
 */
public final class ShepherdServer implements AutoCloseable {
    /** Default largest multipart upload (artifact plus metadata), bytes: 512 MiB. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 512L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(ShepherdServer.class);
    private static final String VERSION = readVersion();

    private final Gateway gateway;
    private final PredictionLog predictionLog;
    private final Bodies bodies;
    private final OipRoutes oip;
    private final PredictRoutes predict;
    private final DeploymentRoutes deployments;
    private final ModelRoutes models;
    private final PrometheusEndpoint prometheus;
    private final MetricsRoutes metrics;
    private final FeedbackRoutes feedback;
    private final RolloutRoutes rollouts;
    private final DriftRoutes drift;
    private final AlertRoutes alerts;
    private final AccessFilter access;
    private final ReviewRoutes reviews;
    private final AutomationRoutes automation;
    private final SystemRoutes system;
    private Javalin app;
    private boolean stopped;

    /** A server without prediction-log statistics and with the default upload limit. */
    public ShepherdServer(Gateway gateway, ConfigParser parser, ServingLimits limits) {
        this(gateway, parser, limits, PredictionLog.noop());
    }

    /** A server with the default upload limit ({@value #DEFAULT_MAX_UPLOAD_BYTES} bytes). */
    public ShepherdServer(Gateway gateway, ConfigParser parser, ServingLimits limits, PredictionLog predictionLog) {
        this(gateway, parser, limits, predictionLog, DEFAULT_MAX_UPLOAD_BYTES);
    }

    /**
     * @param gateway        the serving core (already {@link Gateway#start() started})
     * @param parser         validates declarative documents sent to the management API
     * @param limits         request limits; the server enforces {@code maxBodyBytes}, the gateway
     *                       the batch size and timeout (normally {@code gateway.limits()})
     * @param predictionLog  the log whose counters {@code GET /api/v1/stats} reports; may be
     *                       {@link PredictionLog#noop()}
     * @param maxUploadBytes largest multipart model upload, bytes (capped near 2 GiB, since the
     *                       artifact is held in memory while it is stored)
     */
    public ShepherdServer(Gateway gateway, ConfigParser parser, ServingLimits limits, PredictionLog predictionLog,
                          long maxUploadBytes) {
        this(builder(gateway, parser, limits).predictionLog(predictionLog).maxUploadBytes(maxUploadBytes));
    }

    private ShepherdServer(Builder b) {
        this.gateway = b.gateway;
        this.predictionLog = b.predictionLog;
        this.bodies = new Bodies(b.limits.maxBodyBytes());
        Path baseDir = gateway.store().dataDir();
        this.oip = new OipRoutes(gateway, bodies, VERSION, b.automation);
        this.predict = new PredictRoutes(gateway, bodies, b.automation);
        this.reviews = new ReviewRoutes(gateway, b.automation, bodies, b.clock);
        this.automation = new AutomationRoutes(gateway, b.automation, bodies);
        this.deployments = new DeploymentRoutes(gateway, b.parser, bodies, baseDir, b.rollouts);
        this.rollouts = new RolloutRoutes(gateway, b.rollouts, bodies);
        this.drift = new DriftRoutes(gateway, b.drift, bodies, b.clock);
        this.alerts = new AlertRoutes(b.alerts, bodies, b.clock);
        this.access = new AccessFilter(b.access);
        this.models = new ModelRoutes(gateway, b.parser, bodies, baseDir,
                new ArtifactUpload(gateway, b.parser, baseDir, b.maxUploadBytes, b.limits.maxBodyBytes()));
        this.prometheus = new PrometheusEndpoint(gateway, predictionLog,
                b.monitoring == null ? null : new MonitoringMeters(b.monitoring, b.clock),
                b.drift == null ? null : new DriftMeters(b.drift),
                b.automation == null ? null : new AutomationMeters(gateway, b.automation));
        this.metrics = new MetricsRoutes(gateway, b.monitoring, b.clock);
        this.feedback = new FeedbackRoutes(b.feedback, bodies);
        this.system = new SystemRoutes(b.system, b.clock);
    }

    /**
     * A builder for a server with optional parts: the prediction log (default
     * {@link PredictionLog#noop()}), the upload limit (default {@value #DEFAULT_MAX_UPLOAD_BYTES}
     * bytes), feedback intake (default none: {@code POST /api/v1/feedback} answers 503),
     * monitoring (default none: {@code /metrics} then shows the process, JVM and gateway families
     * only, and the metrics API answers 503) and the clock that ends metric windows (default UTC
     * system clock; give the monitoring's clock).
     */
    public static Builder builder(Gateway gateway, ConfigParser parser, ServingLimits limits) {
        return new Builder(gateway, parser, limits);
    }

    /** Collects a server's parts; see {@link ShepherdServer#builder}. Not thread-safe. */
    public static final class Builder {
        private final Gateway gateway;
        private final ConfigParser parser;
        private final ServingLimits limits;
        private PredictionLog predictionLog = PredictionLog.noop();
        private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
        private Clock clock = Clock.systemUTC();
        private Monitoring monitoring;
        private FeedbackService feedback;
        private RolloutController rollouts;
        private dev.shepherd.drift.LiveDrift drift;
        private dev.shepherd.alert.Alerts alerts;
        private dev.shepherd.access.AccessPolicy access = dev.shepherd.access.AccessPolicy.open();
        private dev.shepherd.automation.AutomationLayer automation;
        private dev.shepherd.monitor.SystemSampler system;

        private Builder(Gateway gateway, ConfigParser parser, ServingLimits limits) {
            this.gateway = Objects.requireNonNull(gateway, "gateway");
            this.parser = Objects.requireNonNull(parser, "parser");
            this.limits = Objects.requireNonNull(limits, "limits");
        }

        /** The log whose counters {@code GET /api/v1/stats} and {@code /metrics} report; {@code null} means none. */
        public Builder predictionLog(PredictionLog log) {
            this.predictionLog = log == null ? PredictionLog.noop() : log;
            return this;
        }

        /** Largest multipart model upload, bytes; must be positive. */
        public Builder maxUploadBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxUploadBytes must be positive, was " + bytes);
            }
            this.maxUploadBytes = bytes;
            return this;
        }

        /**
         * The monitoring engine behind {@code /metrics} series and the metrics API; {@code null}
         * (the default) means none. The server reads it and never closes it.
         */
        public Builder monitoring(Monitoring m) {
            this.monitoring = m;
            return this;
        }

        /**
         * Takes labels and events on {@code POST /api/v1/feedback}; {@code null} (the default) means
         * none, and the endpoint answers 503.
         */
        public Builder feedback(FeedbackService service) {
            this.feedback = service;
            return this;
        }

        /**
         * Runs rollouts: the {@code /rollout} endpoints and declared {@code spec.rollout}s of
         * applied deployments; {@code null} (the default) means none, and the endpoints answer 503.
         */
        public Builder rollouts(RolloutController controller) {
            this.rollouts = controller;
            return this;
        }

        /**
         * Computes live drift: the {@code /drift} and {@code /reference} endpoints and the drift
         * families on {@code /metrics}; {@code null} (the default) means none (503).
         */
        public Builder drift(dev.shepherd.drift.LiveDrift d) {
            this.drift = d;
            return this;
        }

        /** Evaluates alert rules: the {@code /api/v1/alerts} endpoints; {@code null} (the default) means none (503). */
        public Builder alerts(dev.shepherd.alert.Alerts a) {
            this.alerts = a;
            return this;
        }

        /**
         * Who may call what (see {@link AccessFilter} for the rules); {@code null} or
         * {@link dev.shepherd.access.AccessPolicy#open()} (the default) means no access control.
         */
        public Builder access(dev.shepherd.access.AccessPolicy policy) {
            this.access = policy == null ? dev.shepherd.access.AccessPolicy.open() : policy;
            return this;
        }

        /**
         * Routes requests by each deployment's automation level, and serves the review queue, the
         * tickets and the automation endpoints; {@code null} (the default) means none: every
         * request goes to the model and those endpoints answer 503. The server never closes it.
         */
        public Builder automation(dev.shepherd.automation.AutomationLayer a) {
            this.automation = a;
            return this;
        }

        /**
         * The server's load history behind {@code GET /api/v1/system} ({@link SystemRoutes});
         * {@code null} (the default) means none (503). The server only reads it; the caller samples it.
         */
        public Builder system(dev.shepherd.monitor.SystemSampler sampler) {
            this.system = sampler;
            return this;
        }

        /** The clock that ends metric windows ("the last 5 minutes"); use the monitoring's clock. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** A new, not yet started server. */
        public ShepherdServer build() {
            return new ShepherdServer(this);
        }
    }

    /** Starts listening on every interface; {@code port} 0 picks a free port (see {@link #port()}). */
    public ShepherdServer start(int port) {
        return start("0.0.0.0", port);
    }

    /** Starts listening on {@code host:port}; {@code port} 0 picks a free port. */
    public synchronized ShepherdServer start(String host, int port) {
        if (app != null || stopped) {
            throw new IllegalStateException("a server can be started once");
        }
        app = Javalin.create(this::configure).start(host, port);
        LOG.info("shepherd {} listening on {}:{}", VERSION, host, app.port());
        return this;
    }

    /** The port the server listens on. */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("the server is not started");
        }
        return app.port();
    }

    /** Stops accepting requests and stops the HTTP server; idempotent. */
    public synchronized void stop() {
        if (app != null && !stopped) {
            app.stop();
            LOG.info("shepherd stopped");
        }
        if (!stopped) {
            prometheus.close();
        }
        stopped = true;
    }

    @Override
    public void close() {
        stop();
    }

    /** This build's version, as reported by {@code GET /v2}. */
    public static String version() {
        return VERSION;
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.concurrency.useVirtualThreads = true;
        config.http.maxRequestSize = bodies.maxBodyBytes();
        config.http.prefer405over404 = true;
        config.http.defaultContentType = "application/json";
        config.router.javaLangErrorHandler(ErrorMapper::fatal);
        config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
        config.requestLogger.http((ctx, ms) -> LOG.debug("{} {} {} {} {} ms", RequestIds.of(ctx), ctx.method(),
                ctx.path(), ctx.statusCode(), Math.round(ms)));

        config.routes.before(RequestIds::assign);
        config.routes.before(access);
        config.routes.exception(ShepherdException.class, ErrorMapper::shepherd);
        config.routes.exception(HttpResponseException.class, ErrorMapper::http);
        config.routes.exception(Exception.class, ErrorMapper::unexpected);

        oip.register(config.routes);
        predict.register(config.routes);
        deployments.register(config.routes);
        models.register(config.routes);
        prometheus.register(config.routes);
        metrics.register(config.routes);
        feedback.register(config.routes);
        rollouts.register(config.routes);
        drift.register(config.routes);
        alerts.register(config.routes);
        reviews.register(config.routes);
        automation.register(config.routes);
        system.register(config.routes);
        new WebAssets("/review", "web/review").register(config.routes);
        WebAssets dashboard = new WebAssets("/ui", "web/ui");
        dashboard.register(config.routes);
        dashboard.registerIndexAt(config.routes, "/");
        WebAssets.webJar("/ui/vendor", "uplot", "dist").register(config.routes);
        config.routes.get("/api/v1/stats", this::stats);
    }

    /** {@code GET /api/v1/stats}: readiness and the prediction log's counters since start. */
    private void stats(Context ctx) {
        PredictionLog.Stats s = predictionLog.stats();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("ready", gateway.ready());
        out.put("deployments", gateway.statuses().size());
        out.putObject("prediction_log")
                .put("accepted", s.accepted())
                .put("dropped", s.dropped())
                .put("written", s.written())
                .put("failed", s.failed());
        Responses.json(ctx, 200, out);
    }

    private static String readVersion() {
        try (InputStream in = ShepherdServer.class.getResourceAsStream("server.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot read server.properties: {}", e.getMessage());
        }
        return "dev";
    }
}
