package dev.shepherd.cli;

import java.util.List;

/** Renders rows as a left-aligned, space-padded text table (first row is the header). */
final class Table {
    private Table() {
    }

    static String render(List<String[]> rows) {
        int cols = rows.getFirst().length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                sb.append(r[i]);
                if (i < cols - 1) {
                    sb.append(" ".repeat(width[i] - r[i].length() + 3));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
