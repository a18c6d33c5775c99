package dev.shepherd.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which bearer tokens exist and whom they stand for: a fixed set of {@link Principal}s, each known
 * by the SHA-256 digest of its token (the token itself is not kept). {@link #open()} is the policy
 * of a server without access control. Built by {@link #builder()} or read from YAML by
 * {@code dev.shepherd.config.AccessReader}; what each {@link AccessRole} may do is decided by the
 * HTTP adapter. Immutable and thread-safe.
 *
 * <p>Implementation notes: {@link #authenticate} hashes the presented token and compares the
 * digest with every entry using {@link MessageDigest#isEqual} (time independent of where the bytes
 * differ) without stopping at a match, so the time taken reveals neither a token's prefix nor its
 * position. Token digests are unique, so at most one entry matches.
 */
public final class AccessPolicy {
    /** Shortest token accepted, characters. */
    public static final int MIN_TOKEN_LENGTH = 16;
    /** Length of a SHA-256 digest, bytes. */
    public static final int DIGEST_BYTES = 32;

    private static final AccessPolicy OPEN = new AccessPolicy(false, List.of());

    private final boolean enabled;
    private final List<Entry> entries;

    private record Entry(Principal principal, byte[] digest) {
    }

    private AccessPolicy(boolean enabled, List<Entry> entries) {
        this.enabled = enabled;
        this.entries = List.copyOf(entries);
    }

    /** No access control: every request is allowed, {@link #enabled()} is false and nothing authenticates. */
    public static AccessPolicy open() {
        return OPEN;
    }

    /** A builder of an enabled policy. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether requests must present a token; false only for {@link #open()}. */
    public boolean enabled() {
        return enabled;
    }

    /** Every principal, in declaration order. */
    public List<Principal> principals() {
        return entries.stream().map(Entry::principal).toList();
    }

    /**
     * The principal whose token is {@code bearerToken}; empty for an unknown, {@code null} or empty
     * token, and always empty for {@link #open()}. Constant time in the token's content.
     */
    public Optional<Principal> authenticate(String bearerToken) {
        if (!enabled || bearerToken == null || bearerToken.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = sha256(bearerToken);
        Principal found = null;
        for (Entry e : entries) {
            boolean same = MessageDigest.isEqual(e.digest(), presented);
            if (same && found == null) {
                found = e.principal();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The SHA-256 digest of {@code token}'s UTF-8 bytes. */
    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** {@link #sha256} as 64 lower-case hex digits, the form written in an access file. */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    @Override
    public String toString() {
        return enabled ? "AccessPolicy[" + entries.size() + " principals]" : "AccessPolicy[open]";
    }

    /**
     * Collects principals for an enabled policy; refuses (with {@link IllegalArgumentException}) a
     * name or a token given twice, a token shorter than {@value #MIN_TOKEN_LENGTH} characters and a
     * digest that is not {@value #DIGEST_BYTES} bytes. Not thread-safe.
     */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        private Builder() {
        }

        /** A principal known by its token. */
        public Builder token(String name, AccessRole role, String token) {
            Objects.requireNonNull(token, "token");
            if (token.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("the token of " + name + " must be at least " + MIN_TOKEN_LENGTH
                        + " characters");
            }
            return digest(name, role, AccessPolicy.sha256(token));
        }

        /** A principal known by the SHA-256 digest of its token. */
        public Builder digest(String name, AccessRole role, byte[] digest) {
            Principal p = new Principal(name, role);
            if (digest == null || digest.length != DIGEST_BYTES) {
                throw new IllegalArgumentException("the token digest of " + name + " must be " + DIGEST_BYTES + " bytes");
            }
            for (Entry e : entries) {
                if (e.principal().name().equals(name)) {
                    throw new IllegalArgumentException("principal " + name + " is declared twice");
                }
                if (MessageDigest.isEqual(e.digest(), digest)) {
                    throw new IllegalArgumentException(name + " has the same token as " + e.principal().name());
                }
            }
            entries.add(new Entry(p, digest.clone()));
            return this;
        }

        /** The policy; at least one principal is required (use {@link AccessPolicy#open()} for none). */
        public AccessPolicy build() {
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("an access policy needs at least one token");
            }
            return new AccessPolicy(true, entries);
        }
    }
}
