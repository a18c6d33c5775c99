package dev.shepherd.access;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who a bearer token stands for: a {@code name} (recorded as the actor of what it decides or
 * changes) and its {@link AccessRole}. Issued by {@link AccessPolicy#authenticate}.
 *
 * @param name 1..64 characters of letters, digits and {@code _.@-}
 * @param role what the token may do
 */
public record Principal(String name, AccessRole role) {
    /** The names a principal may have (also the names the server accepts as an actor). */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("principal name must be 1..64 letters, digits or _.@-, was '" + name + "'");
        }
    }
}
