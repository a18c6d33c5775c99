package dev.shepherd.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DeploymentRepository} must have. Subclass it per implementation and
 * return a fresh, empty repository from {@link #createRepository()}; release resources in an
 * {@code @AfterEach} of the subclass. Times are given at millisecond precision.
 */
public abstract class DeploymentRepositoryContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00.456Z");

    protected DeploymentRepository repository;

    /** A new, empty repository; called before every test. */
    protected abstract DeploymentRepository createRepository();

    @BeforeEach
    void setUpRepository() {
        repository = createRepository();
    }

    protected static Deployment deployment(String name, String serving, Instant updatedAt) {
        return new Deployment(name, name + "-model", serving,
                "{\"serving\":\"" + serving + "\",\"automation\":{\"level\":\"partial\",\"confidenceThreshold\":0.8}}",
                updatedAt);
    }

    @Test
    void putThenFindReturnsEveryField() {
        Deployment d = deployment("loan-default", "v1", T0);

        repository.put(d);

        assertThat(repository.find("loan-default")).contains(d);
    }

    @Test
    void findOfAnUnknownNameIsEmpty() {
        assertThat(repository.find("nope")).isEmpty();
    }

    @Test
    void putReplacesTheDeploymentOfTheSameName() {
        repository.put(deployment("loan-default", "v1", T0));
        Deployment v2 = deployment("loan-default", "v2", T0.plusSeconds(5));

        repository.put(v2);

        assertThat(repository.find("loan-default")).contains(v2);
        assertThat(repository.list()).containsExactly(v2);
    }

    @Test
    void listIsOrderedByName() {
        Deployment c = deployment("churn", "v1", T0);
        Deployment a = deployment("asr", "v3", T0.plusSeconds(1));
        Deployment l = deployment("loan-default", "v2", T0.minusSeconds(1));
        repository.put(c);
        repository.put(l);
        repository.put(a);

        assertThat(repository.list()).containsExactly(a, c, l);
    }

    @Test
    void listOfAnEmptyRepositoryIsEmpty() {
        assertThat(repository.list()).isEmpty();
    }

    @Test
    void deleteReturnsWhetherTheDeploymentExisted() {
        repository.put(deployment("loan-default", "v1", T0));
        repository.put(deployment("churn", "v1", T0));

        assertThat(repository.delete("loan-default")).isTrue();
        assertThat(repository.delete("loan-default")).isFalse();
        assertThat(repository.delete("never")).isFalse();
        assertThat(repository.find("loan-default")).isEmpty();
        assertThat(repository.list()).extracting(Deployment::name).containsExactly("churn");
    }

    @Test
    void aNullSpecRoundTrips() {
        Deployment d = new Deployment("bare", "bare", "v1", null, T0);

        repository.put(d);

        assertThat(repository.find("bare")).contains(d);
    }

    @Test
    void concurrentPutsFromEightThreadsAllSucceed() throws Exception {
        int threads = 8;
        int perThread = 20;
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            tasks.add(() -> {
                for (int i = 0; i < perThread; i++) {
                    repository.put(deployment("d" + thread + "-" + i, "v1", T0));
                    repository.put(deployment("shared", "v" + thread, T0.plusMillis(i)));
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Future<Void> f : pool.invokeAll(tasks, 20, TimeUnit.SECONDS)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(repository.list()).hasSize(threads * perThread + 1);
        assertThat(repository.find("shared")).isPresent();
    }
}
