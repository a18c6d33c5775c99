package dev.shepherd.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
    private static final String ALICE = "alice-token-0123456789";
    private static final String APP = "app-token-abcdefghijkl";

    private final AccessPolicy policy = AccessPolicy.builder()
            .token("alice", AccessRole.REVIEWER, ALICE)
            .digest("app", AccessRole.INFERENCE, AccessPolicy.sha256(APP))
            .token("ops", AccessRole.OPERATOR, "ops-token-abcdefghijkl")
            .build();

    @Test
    void authenticatesEachTokenAsItsPrincipal() {
        assertThat(policy.enabled()).isTrue();
        assertThat(policy.authenticate(ALICE)).contains(new Principal("alice", AccessRole.REVIEWER));
        assertThat(policy.authenticate(APP)).contains(new Principal("app", AccessRole.INFERENCE));
        assertThat(policy.authenticate("ops-token-abcdefghijkl")).contains(new Principal("ops", AccessRole.OPERATOR));
        assertThat(policy.principals()).extracting(Principal::name).containsExactly("alice", "app", "ops");
    }

    @Test
    void refusesUnknownEmptyAndAlmostRightTokens() {
        assertThat(policy.authenticate(null)).isEmpty();
        assertThat(policy.authenticate("")).isEmpty();
        assertThat(policy.authenticate(ALICE + "x")).isEmpty();
        assertThat(policy.authenticate(ALICE.substring(1))).isEmpty();
        assertThat(policy.authenticate(ALICE.toUpperCase(java.util.Locale.ROOT))).isEmpty();
        assertThat(policy.authenticate(AccessPolicy.sha256Hex(ALICE))).as("the digest is not the token").isEmpty();
    }

    @Test
    void theOpenPolicyIsDisabledAndAuthenticatesNobody() {
        AccessPolicy open = AccessPolicy.open();
        assertThat(open.enabled()).isFalse();
        assertThat(open.principals()).isEmpty();
        assertThat(open.authenticate(ALICE)).isEmpty();
        assertThat(open).hasToString("AccessPolicy[open]");
        assertThat(policy.toString()).isEqualTo("AccessPolicy[3 principals]").doesNotContain(ALICE);
    }

    @Test
    void sha256MatchesTheStandardTestVector() {
        // FIPS 180-2 appendix B.1: SHA-256("abc")
        assertThat(AccessPolicy.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(AccessPolicy.sha256("abc")).isEqualTo(HexFormat.of()
                .parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    @Test
    void theBuilderRefusesDuplicatesShortTokensBadDigestsAndNoTokens() {
        assertThatThrownBy(() -> AccessPolicy.builder().token("a", AccessRole.OPERATOR, ALICE)
                .token("a", AccessRole.REVIEWER, APP)).hasMessageContaining("a is declared twice");
        assertThatThrownBy(() -> AccessPolicy.builder().token("a", AccessRole.OPERATOR, ALICE)
                .token("b", AccessRole.REVIEWER, ALICE)).hasMessageContaining("b has the same token as a");
        assertThatThrownBy(() -> AccessPolicy.builder().token("a", AccessRole.OPERATOR, "short"))
                .hasMessageContaining("at least 16 characters").hasMessageNotContaining("short");
        assertThatThrownBy(() -> AccessPolicy.builder().digest("a", AccessRole.OPERATOR, new byte[31]))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> AccessPolicy.builder().token("no spaces", AccessRole.OPERATOR, ALICE))
                .hasMessageContaining("principal name");
        assertThatThrownBy(() -> AccessPolicy.builder().build()).hasMessageContaining("at least one token");
    }

    @Test
    void theDigestGivenToTheBuilderIsCopied() {
        byte[] digest = AccessPolicy.sha256(APP);
        AccessPolicy p = AccessPolicy.builder().digest("app", AccessRole.INFERENCE, digest).build();
        digest[0] ^= 1;
        assertThat(p.authenticate(APP)).isPresent();
    }

    @Test
    void rolesHaveLowerCaseWireNames() {
        assertThat(AccessRole.OPERATOR.wireName()).isEqualTo("operator");
        assertThat(AccessRole.parse("Reviewer")).contains(AccessRole.REVIEWER);
        assertThat(AccessRole.parse("inference")).contains(AccessRole.INFERENCE);
        assertThat(AccessRole.parse("admin")).isEmpty();
    }
}
