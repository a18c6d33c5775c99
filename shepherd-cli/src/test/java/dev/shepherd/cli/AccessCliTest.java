package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.access.AccessPolicy;
import dev.shepherd.access.AccessRole;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --access} refuses a bad access file; client commands send {@code --token}. */
class AccessCliTest {
    private static final String OPS = "ops-token-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void serveWithABadAccessFileExitsTwoWithEveryProblemAndStartsNothing() throws Exception {
        Path bad = dir.resolve("access.yaml");
        Files.writeString(bad, """
                apiVersion: shepherd/v1
                kind: Access
                spec:
                  tokens:
                    - {name: alice, role: admin, token: alice-token-0123456789}
                    - {name: app, role: inference, token: short}
                """);
        Path data = dir.resolve("data");
        CliRunner.Run r = CliRunner.run("serve", "--access", bad.toString(), "--data", data.toString(), "--port", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("spec.tokens[0].role: must be operator, reviewer or inference, was 'admin'")
                .contains("spec.tokens[1].token: must be at least 16 characters, was 5")
                .doesNotContain("alice-token-0123456789");
        assertThat(data).doesNotExist();

        CliRunner.Run missing = CliRunner.run("serve", "--access", dir.resolve("none.yaml").toString(),
                "--data", data.toString(), "--port", "0");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("none.yaml: cannot read the access file: no such file");
    }

    @Test
    void clientCommandsSendTheTokenGivenWithDashDashToken() {
        AccessPolicy policy = AccessPolicy.builder().token("ops", AccessRole.OPERATOR, OPS).build();
        try (Node node = Node.start(Node.Options.defaults(dir.resolve("data"), 0).withAccess(policy))) {
            CliRunner.Run without = CliRunner.run("get", "deployments", "--server", node.url());
            assertThat(without.code()).isEqualTo(2);
            assertThat(without.err()).contains("401 unauthenticated").contains("--token or $SHEPHERD_TOKEN");

            CliRunner.Run wrong = CliRunner.run("get", "deployments", "--server", node.url(), "--token",
                    "wrong-token-0123456789");
            assertThat(wrong.code()).isEqualTo(2);
            assertThat(wrong.err()).contains("unknown token").doesNotContain("wrong-token");

            CliRunner.Run with = CliRunner.run("get", "deployments", "--server", node.url(), "--token", OPS);
            assertThat(with.code()).as(with.err()).isZero();
            assertThat(with.out()).contains("NAME");

            assertThat(CliRunner.run("get", "deployments", "--server", node.url(), "--token", "two words").code())
                    .isEqualTo(2);
        }
    }
}
