package dev.shepherd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.access.AccessPolicy;
import dev.shepherd.access.AccessRole;
import dev.shepherd.access.Principal;
import dev.shepherd.error.ConfigError;
import dev.shepherd.error.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessReaderTest {
    private static final Map<String, String> ENV = Map.of("ALICE_TOKEN", "alice-secret-0123456789", "SHORT", "abc");

    @TempDir
    Path dir;

    private static AccessPolicy parse(String yaml) {
        return AccessReader.parse(yaml, ENV::get);
    }

    private static List<String> errors(String yaml) {
        try {
            parse(yaml);
        } catch (InvalidConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
        throw new AssertionError("expected an invalid configuration");
    }

    @Test
    void readsTokensFromTheEnvironmentLiterallyAndAsDigests() {
        AccessPolicy p = parse("""
                apiVersion: shepherd/v1
                kind: Access
                metadata: {name: prod}
                spec:
                  tokens:
                    - name: alice
                      role: reviewer
                      token: ${ALICE_TOKEN}
                    - {name: ops@example.com, role: operator, token: "prefix-${ALICE_TOKEN}"}
                    - name: app
                      role: INFERENCE
                      sha256: %s
                """.formatted(AccessPolicy.sha256Hex("app-secret-0123456789").toUpperCase(java.util.Locale.ROOT)));
        assertThat(p.enabled()).isTrue();
        assertThat(p.authenticate("alice-secret-0123456789")).contains(new Principal("alice", AccessRole.REVIEWER));
        assertThat(p.authenticate("prefix-alice-secret-0123456789"))
                .contains(new Principal("ops@example.com", AccessRole.OPERATOR));
        assertThat(p.authenticate("app-secret-0123456789")).contains(new Principal("app", AccessRole.INFERENCE));
        assertThat(p.authenticate("${ALICE_TOKEN}")).isEmpty();
    }

    @Test
    void reportsEveryProblemWithItsPathAndNeverATokenValue() {
        List<String> errors = errors("""
                apiVersion: shepherd/v2
                kind: Acces
                extra: 1
                spec:
                  tokens:
                    - {name: alice, role: reviewer, token: literal-token-0123456789}
                    - {name: bob, role: admin, token: other-token-0123456789}
                    - {name: alice, role: operator, token: third-token-0123456789}
                    - {name: carol, role: operator, token: literal-token-0123456789}
                    - {name: dave, role: operator, token: short-tok}
                    - {name: erin, role: operator, token: "${MISSING}"}
                    - {name: frank, role: operator, token: "${SHORT}"}
                    - {name: "has space", role: operator, sha256: abc}
                    - {name: gina, role: operator}
                    - {name: hal, role: operator, token: another-token-0123456789, sha256: %s}
                    - {name: ivan, role: operator, token: 12345678901234567890}
                    - {name: jo, role: operator, token: next-token-0123456789, colour: red}
                    - just a string
                """.formatted(AccessPolicy.sha256Hex("x")));
        assertThat(errors).containsExactly(
                "extra: unknown field; expected one of [apiVersion, kind, metadata, spec]",
                "apiVersion: must be shepherd/v1, was shepherd/v2",
                "kind: must be Access, was Acces",
                "spec.tokens[1].role: must be operator, reviewer or inference, was 'admin'",
                "spec.tokens[2].name: alice is declared twice (first at spec.tokens[0])",
                "spec.tokens[3].token: the same token as spec.tokens[0]; every token must be different",
                "spec.tokens[4].token: must be at least 16 characters, was 9",
                "spec.tokens[5].token: environment variable MISSING is not set",
                "spec.tokens[6].token: must be at least 16 characters, was 3",
                "spec.tokens[7].name: must be 1..64 letters, digits or _.@-, was 'has space'",
                "spec.tokens[7].sha256: must be the 64 hex digits of the token's SHA-256",
                "spec.tokens[8]: token or sha256 is required",
                "spec.tokens[9]: give either token or sha256, not both",
                "spec.tokens[10].token: must be a string (quote it)",
                "spec.tokens[11].colour: unknown field; expected one of [name, role, sha256, token]",
                "spec.tokens[12]: must be a mapping with name, role and token or sha256");
        assertThat(String.join("\n", errors)).doesNotContain("literal-token").doesNotContain("short-tok");
    }

    @Test
    void aDigestEqualToAnotherEntrysTokenIsADuplicate() {
        assertThat(errors("""
                apiVersion: shepherd/v1
                kind: Access
                spec:
                  tokens:
                    - {name: a, role: operator, token: "${ALICE_TOKEN}"}
                    - {name: b, role: reviewer, sha256: %s}
                """.formatted(AccessPolicy.sha256Hex("alice-secret-0123456789"))))
                .containsExactly("spec.tokens[1].sha256: the same token as spec.tokens[0]; every token must be different");
    }

    @Test
    void refusesAMissingOrEmptyTokenListAndDuplicateKeys() {
        assertThat(errors("apiVersion: shepherd/v1\nkind: Access\nspec: {tokens: []}\n"))
                .containsExactly("spec.tokens: must be a non-empty list of {name, role, token or sha256}");
        assertThat(errors("kind: Access\n"))
                .containsExactly("apiVersion: is required", "spec: is required");
        assertThatThrownBy(() -> parse("""
                apiVersion: shepherd/v1
                kind: Access
                spec:
                  tokens:
                    - {name: a, role: inference, role: operator, token: "${ALICE_TOKEN}"}
                """)).isInstanceOf(InvalidConfigException.class).hasMessageContaining("Duplicate field 'role'");
        assertThatThrownBy(() -> parse("spec: [")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("not valid YAML at line 1, column 8").hasMessageNotContaining("spec: [");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("expected one Access document, found 0");
    }

    @Test
    void readsAFileAndNamesItWhenItCannotBeRead() throws Exception {
        Path f = dir.resolve("access.yaml");
        Files.writeString(f, """
                apiVersion: shepherd/v1
                kind: Access
                spec:
                  tokens:
                    - {name: ops, role: operator, token: ops-token-0123456789}
                """);
        assertThat(AccessReader.read(f).authenticate("ops-token-0123456789")).isPresent();
        assertThatThrownBy(() -> AccessReader.read(dir.resolve("missing.yaml")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e ->
                        assertThat(e.errors().getFirst().path()).endsWith("missing.yaml"));
    }
}
