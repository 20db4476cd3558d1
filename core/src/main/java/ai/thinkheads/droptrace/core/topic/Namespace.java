package ai.thinkheads.droptrace.core.topic;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A topic namespace: {@code live} for the running site, anything else (for example a replay of
 * last week) to keep old event time out of the live windows.
 */
public record Namespace(String name) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    public static final Namespace LIVE = new Namespace("live");

    public Namespace {
        Objects.requireNonNull(name, "name");
        if (!VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("namespace '" + name
                    + "' is not valid: use 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit");
        }
    }

    public static Namespace of(String name) {
        return new Namespace(name);
    }

    /** The full topic name {@code droptrace.<namespace>.<suffix>}. */
    public String topic(String suffix) {
        return "droptrace." + name + "." + suffix;
    }

    @Override
    public String toString() {
        return name;
    }
}
