package dev.shepherd.alert;

import dev.shepherd.monitor.MetricNames;
import java.util.Set;

/**
 * Parses alert conditions. The language, small on purpose:
 * <pre>
 * expr    := or
 * or      := and ("or" and)*
 * and     := cmp ("and" cmp)*
 * cmp     := sum ((">" | ">=" | "<" | "<=" | "==" | "!=") sum)?
 * sum     := product (("+" | "-") product)*
 * product := unary (("*" | "/") unary)*
 * unary   := "-" unary | number | metric | "(" expr ")"
 * metric  := [("primary" | "candidate" | "shadow") "."] name ["{" label "=" "\"" value "\"" "}"]
 * </pre>
 * Names are the metric vocabulary ({@link MetricNames}): {@code null_output_fraction > 0.05},
 * {@code missing_input_fraction{feature="income"} > 0.2}, {@code request_rate < 1},
 * {@code candidate.error_rate > 2 * primary.error_rate}. A label must be the one the metric takes
 * ({@code feature} or {@code event}). Every problem is an {@link ExprException} with the 1-based
 * column where it was found. Stateless and thread-safe.
 */
public final class ExprParser {
    private static final Set<String> ROLES = Set.of("primary", "candidate", "shadow");

    private final String text;
    private int pos;

    private ExprParser(String text) {
        this.text = text;
    }

    /** Parses {@code text}; throws {@link ExprException} with the position of the first problem. */
    public static Expr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ExprException(1, "empty expression");
        }
        ExprParser p = new ExprParser(text);
        Expr e = p.or();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "'");
        }
        return e;
    }

    private Expr or() {
        Expr left = and();
        while (word("or")) {
            left = new Expr.Binary(left, Expr.Op.OR, and());
        }
        return left;
    }

    private Expr and() {
        Expr left = comparison();
        while (word("and")) {
            left = new Expr.Binary(left, Expr.Op.AND, comparison());
        }
        return left;
    }

    private Expr comparison() {
        Expr left = sum();
        skipSpace();
        for (Expr.Op op : new Expr.Op[] {Expr.Op.GE, Expr.Op.LE, Expr.Op.EQ, Expr.Op.NE, Expr.Op.GT, Expr.Op.LT}) {
            if (text.startsWith(op.symbol, pos)) {
                pos += op.symbol.length();
                return new Expr.Binary(left, op, sum());
            }
        }
        return left;
    }

    private Expr sum() {
        Expr left = product();
        while (true) {
            skipSpace();
            if (symbol('+')) {
                left = new Expr.Binary(left, Expr.Op.ADD, product());
            } else if (symbol('-')) {
                left = new Expr.Binary(left, Expr.Op.SUB, product());
            } else {
                return left;
            }
        }
    }

    private Expr product() {
        Expr left = unary();
        while (true) {
            skipSpace();
            if (symbol('*')) {
                left = new Expr.Binary(left, Expr.Op.MUL, unary());
            } else if (symbol('/')) {
                left = new Expr.Binary(left, Expr.Op.DIV, unary());
            } else {
                return left;
            }
        }
    }

    private Expr unary() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("expected a number, a metric or '(' at the end");
        }
        char c = text.charAt(pos);
        if (c == '-') {
            pos++;
            return new Expr.Negate(unary());
        }
        if (c == '(') {
            pos++;
            Expr inner = or();
            skipSpace();
            if (!symbol(')')) {
                throw error("expected ')'");
            }
            return inner;
        }
        if (Character.isDigit(c) || c == '.') {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            return metric();
        }
        throw error("expected a number, a metric or '(', found '" + c + "'");
    }

    private Expr number() {
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                || text.charAt(pos) == 'e' || text.charAt(pos) == 'E'
                || ((text.charAt(pos) == '-' || text.charAt(pos) == '+') && pos > start
                && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E')))) {
            pos++;
        }
        try {
            double v = Double.parseDouble(text.substring(start, pos));
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return new Expr.Number(v);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("not a number: '" + text.substring(start, Math.min(text.length(), start + 20)) + "'");
        }
    }

    private Expr metric() {
        int start = pos;
        String first = identifier();
        String role = null;
        String name = first;
        if (pos < text.length() && text.charAt(pos) == '.') {
            if (!ROLES.contains(first)) {
                pos = start;
                throw error("'" + first + "' is not a role; use primary., candidate. or shadow.");
            }
            pos++;
            role = first;
            int nameAt = pos;
            if (pos >= text.length() || !(Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
                throw error("expected a metric name after '" + role + ".'");
            }
            name = identifier();
            start = nameAt;
        }
        String metricName = name;
        MetricNames.Metric m = MetricNames.describe(metricName).filter(x -> x.name().equals(metricName)).orElse(null);
        if (m == null) {
            int at = pos;
            pos = start;
            ExprException e = error("unknown metric '" + name + "'; see the metric vocabulary (error_rate, "
                    + "latency_p99_ms, null_output_fraction, missing_input_fraction, request_rate, drift_share, …)");
            pos = at;
            throw e;
        }
        skipSpace();
        String label = null;
        String value = null;
        if (symbol('{')) {
            skipSpace();
            int labelAt = pos;
            label = identifier();
            if (m.label() == null) {
                pos = labelAt;
                throw error(name + " takes no label");
            }
            if (!label.equals(m.label())) {
                pos = labelAt;
                throw error(name + " is labelled by " + m.label() + ", not " + label);
            }
            skipSpace();
            if (!symbol('=')) {
                throw error("expected '=' after " + label);
            }
            skipSpace();
            value = quoted();
            skipSpace();
            if (!symbol('}')) {
                throw error("expected '}'");
            }
        } else if (MetricNames.EVENT.equals(m.label())) {
            throw error(name + " needs {event=\"…\"}");
        }
        return new Expr.Metric(role, name, label, value);
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a name");
        }
        return text.substring(start, pos);
    }

    private String quoted() {
        if (!symbol('"')) {
            throw error("expected a quoted value");
        }
        StringBuilder sb = new StringBuilder();
        while (pos < text.length() && text.charAt(pos) != '"') {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                c = text.charAt(pos++);
            }
            sb.append(c);
        }
        if (!symbol('"')) {
            throw error("unterminated quoted value");
        }
        return sb.toString();
    }

    private boolean word(String w) {
        skipSpace();
        int end = pos + w.length();
        if (text.startsWith(w, pos) && (end >= text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    private boolean symbol(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private ExprException error(String message) {
        return new ExprException(pos + 1, message);
    }
}
