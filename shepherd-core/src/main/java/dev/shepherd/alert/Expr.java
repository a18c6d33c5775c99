package dev.shepherd.alert;

import java.util.function.ToDoubleFunction;

/**
 * A parsed alert condition ({@link ExprParser}): arithmetic and comparisons over metrics of the
 * one vocabulary. Evaluating it against a source of metric values gives a number; a comparison
 * gives 1 (true) or 0 (false), and a comparison with a missing metric ({@code NaN}) is false.
 * Immutable and thread-safe.
 */
public sealed interface Expr {

    /** The value of the expression; {@code metrics} gives each metric's value ({@code NaN} when absent). */
    double eval(ToDoubleFunction<Metric> metrics);

    /** Whether the expression holds: a comparison that is true, or a non-zero number. */
    default boolean holds(ToDoubleFunction<Metric> metrics) {
        double v = eval(metrics);
        return !Double.isNaN(v) && v != 0;
    }

    /** A literal number. */
    record Number(double value) implements Expr {
        @Override
        public double eval(ToDoubleFunction<Metric> metrics) {
            return value;
        }

        @Override
        public String toString() {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
        }
    }

    /**
     * A metric of the vocabulary, as seen for one role of the rule's deployment.
     *
     * @param role  {@code primary}, {@code candidate} or {@code shadow}; {@code null} when not written: the
     *              rule's subject (the primary for alerts, the candidate for a rollout gate naming the rule)
     * @param name  the short name ({@code error_rate})
     * @param label the label's name ({@code feature}, {@code event}), or {@code null}
     * @param value the label's value, or {@code null}
     */
    record Metric(String role, String name, String label, String value) implements Expr {
        /** The role it reads, the primary when not written. */
        public String roleOrPrimary() {
            return role == null ? "primary" : role;
        }

        @Override
        public double eval(ToDoubleFunction<Metric> metrics) {
            return metrics.applyAsDouble(this);
        }

        /** The key in {@link dev.shepherd.monitor.SeriesStats#values()}: {@code name{label="value"}}. */
        public String key() {
            return label == null ? name : dev.shepherd.monitor.MetricNames.key(name, label, value);
        }

        @Override
        public String toString() {
            return (role == null ? "" : role + ".") + key();
        }
    }

    /** {@code -x}. */
    record Negate(Expr operand) implements Expr {
        @Override
        public double eval(ToDoubleFunction<Metric> metrics) {
            return -operand.eval(metrics);
        }

        @Override
        public String toString() {
            return "-" + operand;
        }
    }

    /** An arithmetic, comparison or logical operation. */
    record Binary(Expr left, Op op, Expr right) implements Expr {
        @Override
        public double eval(ToDoubleFunction<Metric> metrics) {
            if (op == Op.AND) {
                return left.holds(metrics) && right.holds(metrics) ? 1 : 0;
            }
            if (op == Op.OR) {
                return left.holds(metrics) || right.holds(metrics) ? 1 : 0;
            }
            double a = left.eval(metrics);
            double b = right.eval(metrics);
            return switch (op) {
                case ADD -> a + b;
                case SUB -> a - b;
                case MUL -> a * b;
                case DIV -> a / b;
                case GT -> bool(a > b);
                case GE -> bool(a >= b);
                case LT -> bool(a < b);
                case LE -> bool(a <= b);
                case EQ -> bool(a == b);
                case NE -> Double.isNaN(a) || Double.isNaN(b) ? 0 : bool(a != b);
                case AND, OR -> throw new IllegalStateException();
            };
        }

        private static double bool(boolean b) {
            return b ? 1 : 0;
        }

        @Override
        public String toString() {
            return "(" + left + " " + op.symbol + " " + right + ")";
        }
    }

    /** Operators, lowest precedence first. */
    enum Op {
        OR("or"), AND("and"), GT(">"), GE(">="), LT("<"), LE("<="), EQ("=="), NE("!="), ADD("+"), SUB("-"),
        MUL("*"), DIV("/");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }
}
