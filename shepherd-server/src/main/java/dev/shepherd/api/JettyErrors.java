package dev.shepherd.api;

import dev.shepherd.error.ErrorCode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error page, replaced so that failures raised before a request reaches Javalin (an
 * unparseable request line or URI, headers over Jetty's limit) are answered in the same JSON
 * shape as every other error ({@link ErrorMapper}), never as HTML. Thread-safe.
 */
final class JettyErrors extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message,
                                    Throwable cause, Callback callback) {
        String requestId = RequestIds.sanitize(request.getHeaders().get(RequestIds.HEADER));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(RequestIds.HEADER, requestId);
        byte[] body = ErrorMapper.body(code(code), message(code, message), null, requestId, null);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        String requestId = RequestIds.sanitize(null);
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(RequestIds.HEADER, requestId);
        return ByteBuffer.wrap(ErrorMapper.body(code(status), message(status, reason), null, requestId, null));
    }

    private static String code(int status) {
        return switch (status) {
            case 404 -> ErrorCode.NOT_FOUND.wireName();
            case 405 -> ErrorMapper.METHOD_NOT_ALLOWED;
            case 408 -> ErrorCode.TIMEOUT.wireName();
            case 413, 414, 431 -> ErrorCode.PAYLOAD_TOO_LARGE.wireName();
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE.wireName();
            case 503 -> ErrorCode.UNAVAILABLE.wireName();
            default -> status >= 500 ? ErrorCode.INTERNAL.wireName() : ErrorCode.INVALID_INPUT.wireName();
        };
    }

    private static String message(int status, String reason) {
        return "HTTP " + status + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }
}
