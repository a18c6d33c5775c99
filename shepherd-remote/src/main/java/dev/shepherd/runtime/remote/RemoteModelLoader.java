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
 *   <li>{@code connectTimeoutMs}: TCP connect timeout in milliseconds, 1..600000, default 1000</li>
 *   <li>{@code readTimeoutMs}: total time allowed for one exchange with the upstream, from sending
 *       the request to the last byte of the answer (including connecting when no pooled
 *       connection is free), in milliseconds, 1..600000, default 5000. The gateway's own request
 *       timeout ({@code --timeout}, default 10 s) bounds the whole call, so keep
 *       {@code readTimeoutMs} below it: otherwise a slow upstream is reported as the gateway's
 *       {@code timeout} rather than {@code upstream_timeout}</li>
 *   <li>{@code maxResponseBytes}: largest upstream answer accepted, in bytes, 1..1073741824,
 *       default 67108864 (64 MiB); a larger one fails the request with {@code upstream_error}</li>
 *   <li>{@code headers.<Name>}: an extra header sent with every request, for example
 *       {@code headers.Authorization: Bearer ...} (values are never logged; headers the HTTP
 *       client manages, such as {@code Host}, {@code Content-Length} or {@code Connection}, are
 *       refused)</li>
 *   <li>{@code fetchMetadata}: read the upstream's model metadata to match its datatypes and
 *       shapes, default {@code true}</li>
 * </ul>
 *
 * <p>Failures: connection refused, an upstream 4xx or 5xx, an unreadable or unfitting body, or
 * an answer over {@code maxResponseBytes} raise {@link dev.shepherd.error.ModelFailureException}
 * with code {@code upstream_error} (with the status and a short excerpt of the body); no answer
 * within the timeouts raises {@code upstream_timeout}. Loading does not contact the upstream synchronously and never fails
 * because it is down: the returned model implements {@link dev.shepherd.runtime.ReadinessProbe}
 * so readiness reflects the upstream.
 *
 * <p>Each loaded model owns one Jetty HTTP client ({@link UpstreamClient}: HTTP/1.1 with a
 * keep-alive connection pool per upstream host, redirects not followed, a small daemon thread
 * pool), started when the model is loaded, because the connect timeout is a per-client setting
 * and the model's lifecycle is then the client's; closing the model stops it in the background
 * once its requests in flight are done. The loader itself holds no resources and is thread-safe.
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
