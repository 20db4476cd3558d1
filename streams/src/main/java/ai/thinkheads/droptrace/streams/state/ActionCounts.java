package ai.thinkheads.droptrace.streams.state;

import ai.thinkheads.droptrace.core.event.Action;
import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Packets counted by what the firewall did with them. {@code unknown} counts lines that do not
 * say (security-group lines carry an empty message).
 */
public record ActionCounts(long accepts, long drops, long rejects, long unknown) {

    public static final ActionCounts ZERO = new ActionCounts(0, 0, 0, 0);

    public ActionCounts {
        if (accepts < 0 || drops < 0 || rejects < 0 || unknown < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    public static ActionCounts of(Action action) {
        return ZERO.plus(action);
    }

    public ActionCounts plus(Action action) {
        if (action == null) {
            return new ActionCounts(accepts, drops, rejects, unknown + 1);
        }
        return switch (action) {
            case ACCEPT -> new ActionCounts(accepts + 1, drops, rejects, unknown);
            case DROP -> new ActionCounts(accepts, drops + 1, rejects, unknown);
            case REJECT -> new ActionCounts(accepts, drops, rejects + 1, unknown);
        };
    }

    public ActionCounts plus(ActionCounts other) {
        return new ActionCounts(accepts + other.accepts, drops + other.drops, rejects + other.rejects,
                unknown + other.unknown);
    }

    /** Drops plus rejects: the packets an operator is hunting for. */
    @JsonIgnore
    public long blocked() {
        return drops + rejects;
    }

    @JsonIgnore
    public long total() {
        return accepts + drops + rejects + unknown;
    }
}
