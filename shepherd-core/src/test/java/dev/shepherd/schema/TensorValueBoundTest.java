package dev.shepherd.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidInputException;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A plain-JSON tensor value takes its dimensions from the first element at each depth; a tiny
 * ragged value whose first elements claim a huge volume is rejected before that volume is
 * allocated (10 M doubles would be 80 MB).
 */
class TensorValueBoundTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ALLOCATION_BOUND = 4L << 20;
    private static final FeatureSpec ANY_SHAPE = FeatureSpec.tensor("embedding", List.of());

    @Test
    void aRaggedValueWhoseFirstElementsClaimAHugeVolumeIsRejectedWithoutAllocatingIt() throws Exception {
        // seven levels, each a 10-element array whose first element nests further: dims [10 x 7] = 10^7
        String inner = "[0,0,0,0,0,0,0,0,0,0]";
        for (int depth = 0; depth < 6; depth++) {
            inner = "[" + inner + ",0,0,0,0,0,0,0,0,0]";
        }
        JsonNode value = JSON.readTree(inner);
        assertThat(inner.length()).isLessThan(200);

        long before = allocatedBytes();
        Throwable error = catchThrowable(() -> Values.coerce(ANY_SHAPE, value, "instances[0].embedding"));
        long allocated = allocatedBytes() - before;

        assertThat(error).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.field()).isEqualTo("instances[0].embedding");
            assertThat(e.getMessage()).contains("ragged array, expected 10 elements at depth 6");
        });
        assertThat(allocated).isLessThan(ALLOCATION_BOUND);
    }

    @Test
    void aRaggedInnerArrayIsStillNamed() throws Exception {
        Throwable error = catchThrowable(() -> Values.coerce(ANY_SHAPE, JSON.readTree("[[1,2],[3]]"), "x"));

        assertThat(error).isInstanceOf(InvalidInputException.class)
                .hasMessage("x: ragged array, expected 2 elements at depth 1");
    }

    @Test
    void aWellFormedTensorStillDecodes() throws Exception {
        Tensor t = (Tensor) Values.coerce(ANY_SHAPE, JSON.readTree("[[1,2,3],[4,5,6]]"), "x");

        assertThat(t.shape()).containsExactly(2, 3);
        assertThat(t.data()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void aNonNumberLeafIsNamedByItsPosition() throws Exception {
        Throwable error = catchThrowable(() -> Values.coerce(ANY_SHAPE, JSON.readTree("[[1,2],[3,\"a\"]]"), "x"));

        assertThat(error).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("x[3]"));
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

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
