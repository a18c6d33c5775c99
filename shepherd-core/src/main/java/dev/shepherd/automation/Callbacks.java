package dev.shepherd.automation;

import dev.shepherd.error.InvalidInputException;
import dev.shepherd.review.ReviewItem;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Tells a client that its ticket was decided (or skipped) by posting {@link Tickets#json} to the
 * callback URL the request named. Delivery is best effort and never blocks the reviewer: the
 * ticket stays readable at {@code GET /api/v1/tickets/{id}} whatever happens to the call.
 * Implementations are thread-safe.
 */
public interface Callbacks {
    /** Longest callback URL accepted, characters. */
    int MAX_URL = 2048;

    /** Sends the finished item's ticket to its callback URL, if it has one. */
    void send(ReviewItem finished);

    /** Callbacks that call nobody. */
    static Callbacks none() {
        return item -> { };
    }

    /**
     * Checks a callback URL given by a client: an absolute {@code http} or {@code https} URL with a
     * host, at most {@value #MAX_URL} characters; {@link InvalidInputException} on {@code field}
     * otherwise. {@code null} passes (no callback).
     */
    static String check(String url, String field) {
        if (url == null) {
            return null;
        }
        if (url.length() > MAX_URL) {
            throw new InvalidInputException(field, field + ": " + url.length() + " characters, at most " + MAX_URL);
        }
        try {
            URI u = new URI(url);
            if (!("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) || u.getHost() == null) {
                throw new InvalidInputException(field, field + ": must be an absolute http(s) URL, was '" + shorten(url) + "'");
            }
        } catch (URISyntaxException e) {
            throw new InvalidInputException(field, field + ": not a URL: " + e.getReason());
        }
        return url;
    }

    private static String shorten(String s) {
        return s.length() > 70 ? s.substring(0, 67) + "..." : s;
    }
}
