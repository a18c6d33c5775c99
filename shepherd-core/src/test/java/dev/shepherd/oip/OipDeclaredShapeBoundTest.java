package dev.shepherd.oip;

import static dev.shepherd.oip.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tiny body that declares a huge {@code shape} is rejected on its data length before any array
 * of the declared volume is allocated (16 M elements would be 64 MB of references).
 */
class OipDeclaredShapeBoundTest {
    /** Far below the 64 MB a {@code JsonNode[16_000_000]} would take, far above parsing noise. */
    private static final long ALLOCATION_BOUND = 4L << 20;

    private static final ModelSchema FREE = new ModelSchema(List.of(FeatureSpec.tensor("image", List.of(-1, -1))),
            OutputSpec.tensor(List.of(-1, -1)));

    @Test
    void flatDataShorterThanAHugeDeclaredShapeIsRejectedWithoutAllocatingIt() {
        JsonNode body = parse("{'inputs':[{'name':'image','datatype':'FP32','shape':[1,4000,4000],'data':[1]}]}");

        Rejection r = decode(body);

        assertThat(r.error()).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.field()).isEqualTo("inputs[0].data");
            assertThat(e.getMessage()).contains("needs 16000000 values, data has 1");
        });
        assertThat(r.allocatedBytes()).isLessThan(ALLOCATION_BOUND);
    }

    @Test
    void nestedDataThatStopsShortOfAHugeDeclaredShapeIsRejectedWithoutAllocatingIt() {
        JsonNode body = parse("{'inputs':[{'name':'image','datatype':'FP32','shape':[1,4000,4000],'data':[[[1]]]}]}");

        Rejection r = decode(body);

        assertThat(r.error()).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo("inputs[0].data[0]");
            assertThat(e.getMessage()).contains("needs an array of 4000 here");
        });
        assertThat(r.allocatedBytes()).isLessThan(ALLOCATION_BOUND);
    }

    @Test
    void aShapeAboveTheElementLimitIsStillRejectedOnTheShape() {
        JsonNode body = parse("{'inputs':[{'name':'image','datatype':'FP32','shape':[1,5000,5000],'data':[1]}]}");

        Rejection r = decode(body);

        assertThat(r.error()).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("inputs[0].shape"));
    }

    @Test
    void anUpstreamAnswerDeclaringAHugeShapeIsAnUpstreamErrorWithoutAllocatingIt() {
        JsonNode body = parse("{'outputs':[{'name':'output','datatype':'FP64','shape':[1,4000,4000],'data':[0.5]}]}");
        long before = allocatedBytes();
        Throwable error = catchThrowable(() -> OipCodec.decodeResponse(FREE, body, 1));
        long allocated = allocatedBytes() - before;

        assertThat(error).isInstanceOfSatisfying(ModelFailureException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR));
        assertThat(allocated).isLessThan(ALLOCATION_BOUND);
    }

    @Test
    void theAllocationMeasureSeesALargeArray() {
        long before = allocatedBytes();
        byte[] large = new byte[8 << 20];
        long allocated = allocatedBytes() - before;

        assertThat(large).hasSize(8 << 20);
        assertThat(allocated).as("thread allocation accounting must be on for the bounds above to mean anything")
                .isGreaterThanOrEqualTo(8L << 20);
    }

    private static Rejection decode(JsonNode body) {
        long before = allocatedBytes();
        Throwable error = catchThrowable(() -> OipCodec.decodeRequest(FREE, body, 8));
        return new Rejection(error, allocatedBytes() - before);
    }

    /** Bytes allocated so far by the current thread (HotSpot counts every allocation, TLAB or not). */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private record Rejection(Throwable error, long allocatedBytes) {
    }
}
