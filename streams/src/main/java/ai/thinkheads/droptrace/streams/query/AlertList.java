package ai.thinkheads.droptrace.streams.query;

import ai.thinkheads.droptrace.core.alert.Alert;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The latest alerts raised in {@code [from, to)}, newest first (then by id), at most {@code limit}. */
public record AlertList(String namespace, Instant from, Instant to, int limit, List<Alert> alerts) {

    public static final Comparator<Alert> NEWEST_FIRST =
            Comparator.comparing(Alert::time).reversed().thenComparing(Alert::id);

    public AlertList {
        alerts = List.copyOf(alerts);
    }
}
