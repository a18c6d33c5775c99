package dev.shepherd.schema;

import java.util.List;

/**
 * The declared output of a model.
 *
 * @param kind   class, score or tensor
 * @param labels for {@code CLASS}: the class labels, in the order of the probability vector
 * @param shape  for {@code TENSOR}: the shape of one instance's output ({@code -1} free)
 */
public record OutputSpec(OutputKind kind, List<String> labels, List<Integer> shape) {
    public OutputSpec {
        labels = labels == null ? List.of() : List.copyOf(labels);
        shape = shape == null ? List.of() : List.copyOf(shape);
    }

    public static OutputSpec classes(List<String> labels) {
        return new OutputSpec(OutputKind.CLASS, labels, List.of());
    }

    public static OutputSpec score() {
        return new OutputSpec(OutputKind.SCORE, List.of(), List.of());
    }

    public static OutputSpec tensor(List<Integer> shape) {
        return new OutputSpec(OutputKind.TENSOR, List.of(), shape);
    }
}
