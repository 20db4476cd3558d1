package ai.thinkheads.droptrace.cli.output;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain text table: upper-case headers, columns aligned with two spaces between them. Cells hold data read from
 * logs (a chain name, a probe id, a summary that quotes them), so their control characters are shown as
 * {@code \xNN} ({@link Terminal#visible}): the terminal should not act on an escape sequence in a log line, and the
 * columns stay aligned. Columns are as wide as the terminal shows their cells ({@link DisplayWidth}): a CJK character
 * takes two columns, a combining accent none. A time ({@link Instant}) is shown to the second ({@link #time}).
 */
public final class TextTable {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    /** The widths of the columns as last printed (or as {@link #followedAsWideAs} set them): a followed row keeps to them. */
    private int[] printed;
    private boolean headed;

    public TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    public TextTable row(Object... cells) {
        rows.add(cells(cells));
        return this;
    }

    private List<String> cells(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size());
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(cell == null ? "-" : cell instanceof Instant t ? time(t) : Terminal.visible(cell.toString()));
        }
        return row;
    }

    /**
     * A time as droptrace's text output shows it: in UTC to the second, as the firewall logs it. A probe's start and
     * the time a line was read are taken to the microsecond, which only widened the column (JSON keeps them whole);
     * cut, not rounded, so that {@code --from} with the time shown still takes the record.
     */
    public static String time(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * Prints one more row at once, for a command that follows new records ({@code --follow}), as
     * {@code kubectl get -w} does: under the table printed, in its columns (a wider cell pushes the rest of its own
     * row right; the columns do not move). When no table was printed (there was nothing at start), the header comes
     * first, the columns as wide as it and this row. The row is not kept.
     */
    public void printFollowed(PrintWriter out, Object... cells) {
        List<String> row = cells(cells);
        if (printed == null) {
            printed = widths(List.of(row));
        }
        if (!headed) {
            printRow(out, upperHeaders(), printed);
            headed = true;
        }
        printRow(out, row, printed);
        out.flush();
    }

    /**
     * The columns of the rows {@link #printFollowed} prints, before the first, as wide as the widest of {@code rows}
     * (a cell may be {@code null}: none known): for a command that knows what its rows will hold (the probes of a
     * schedule), so that they stay aligned rather than keep to the first row's widths. Nothing is printed.
     */
    public TextTable followedAsWideAs(List<Object[]> rows) {
        printed = widths(rows.stream().map(this::cells).toList());
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public void print(PrintWriter out) {
        printed = widths(rows);
        headed = true;
        printRow(out, upperHeaders(), printed);
        for (List<String> row : rows) {
            printRow(out, row, printed);
        }
        out.flush();
    }

    private int[] widths(List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = DisplayWidth.of(headers.get(c));
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], DisplayWidth.of(row.get(c)));
            }
        }
        return widths;
    }

    private List<String> upperHeaders() {
        return headers.stream().map(h -> h.toUpperCase(Locale.ROOT)).toList();
    }

    private static void printRow(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            line.append(cell);
            if (c < cells.size() - 1) {
                line.append(" ".repeat(Math.max(widths[c] - DisplayWidth.of(cell), 0) + 2));
            }
        }
        out.println(line);
    }
}
