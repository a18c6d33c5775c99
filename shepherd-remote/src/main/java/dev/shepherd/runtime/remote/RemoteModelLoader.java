package dev.shepherd.runtime.remote;

import dev.shepherd.registry.ModelVersion;
import dev.shepherd.runtime.Model;
import dev.shepherd.runtime.ModelLoader;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code remote} runtime: a model version served by an upstream Open Inference Protocol v2
 * server (KServe, Triton, MLServer, or another Shepherd). Shepherd validates the request against
 * the version's schema, forwards the batch as one OIP inference request and decodes the answer
 * back into predictions, so monitoring, rollouts and review work as for in-process models.
 *
 * <p>The version's {@code uri} is the upstream base URL ({@code http://host:8000}). Options
 * ({@code spec.options}, strings):
 * <ul>
 *   <li>{@code upstreamModel}: the model name upstream; default the version's model name</li>
 *   <li>{@code upstreamVersion}: the version upstream; when set, requests go to
 *       {@code /v2/models/{m}/versions/{v}/infer}, otherwise {@code /v2/models/{m}/infer}</li>
 *   <li>{@code connectTimeoutMs}: TCP connect timeout in milliseconds, default 1000</li>
 *   <li>{@code readTimeoutMs}: longest wait for the complete answer once the request is sent,
 *       in milliseconds, default 5000</li>
 *   <li>{@code headers.<Name>}: an extra header sent with every request, for example
 *       {@code headers.Authorization: Bearer ...} (values are never logged)</li>
 *   <li>{@code fetchMetadata}: read the upstream's model metadata to match its datatypes and
 *       shapes, default {@code true}</li>
 * </ul>
 *
 * <p>Failures: connection refused, an upstream 4xx or 5xx, or an unreadable or unfitting body
 * raise {@link dev.shepherd.error.ModelFailureException} with code {@code upstream_error} (with
 * the status and a short excerpt of the body); no answer within the timeouts raises
 * {@code upstream_timeout}. Loading does not contact the upstream synchronously and never fails
 * because it is down: the returned model implements {@link dev.shepherd.runtime.ReadinessProbe}
 * so readiness reflects the upstream.
 *
 * <p>Each loaded model owns one {@link java.net.http.HttpClient} (HTTP/1.1 with keep-alive
 * connection pooling, redirects not followed), because the connect timeout is a per-client
 * setting; closing the model releases it. The loader itself holds no resources and is
 * thread-safe.
 */
public final class RemoteModelLoader implements ModelLoader {
    /** The runtime name, as written in {@code spec.runtime}. */
    public static final String RUNTIME = "remote";
    private static final Logger LOG = LoggerFactory.getLogger(RemoteModelLoader.class);

    private final Clock clock;

    /** A loader on the system clock. */
    public RemoteModelLoader() {
        this(Clock.systemUTC());
    }

    /** A loader whose models time their readiness refresh and metadata retries with {@code clock}. */
    public RemoteModelLoader(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String runtime() {
        return RUNTIME;
    }

    /**
     * Creates the model without waiting for the upstream.
     *
     * @throws dev.shepherd.error.InvalidConfigException listing every problem with
     *         {@code spec.uri} and {@code spec.options.*}
     */
    @Override
    public Model load(ModelVersion version) {
        RemoteOptions options = RemoteOptions.of(version);
        LOG.info("loading remote model {} -> {}", version.key(), options.modelUri(""));
        return new RemoteModel(version, options, clock);
    }
}
