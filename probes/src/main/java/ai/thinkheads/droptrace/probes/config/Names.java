package ai.thinkheads.droptrace.probes.config;

import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import java.util.regex.Pattern;

/**
 * Validation of the values that end up in commands and on the wire: host names (label sets),
 * IP address literals and numbers. Nothing here resolves a name or touches the network.
 */
public final class Names {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private Names() {
    }

    /** A host name: dot-separated labels of letters, digits, '-' and '_' (no leading '-'), at most 253 characters. */
    public static boolean isLabelSet(String name) {
        if (name == null || name.isEmpty() || name.length() > 253 || name.startsWith(".") || name.endsWith(".")) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** What a label set may hold, as error messages say it. */
    public static final String LABEL_SET_CHARACTERS = "ASCII letters, digits, '-', '_' and '.'";

    /**
     * Why {@code name} is not a label set ({@link #isLabelSet}), in the words that end a message saying it must be
     * {@link #LABEL_SET_CHARACTERS}: the first character that is none of them, by its code point too (a Cyrillic
     * {@code а} looks like the Latin {@code a}), or the rule of dots, dashes and lengths it breaks; {@code null} for a
     * label set.
     */
    public static String labelSetProblem(String name) {
        if (isLabelSet(name)) {
            return null;
        }
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        int other = name.codePoints().filter(c -> c >= 128 || !(Character.isLetterOrDigit(c) || c == '-' || c == '_'
                || c == '.')).findFirst().orElse(-1);
        if (other >= 0) {
            boolean visible = !Character.isWhitespace(other) && !Character.isISOControl(other)
                    && Character.getType(other) != Character.FORMAT && !Character.isSpaceChar(other);
            return (visible ? "'" + Character.toString(other) + "' " : "") + String.format("(U+%04X) is not one", other);
        }
        if (name.length() > 253) {
            return "it is longer than 253 characters";
        }
        if (name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            return "a '.' cannot begin or end it, or follow another";
        }
        for (String label : name.split("\\.")) {
            if (label.length() > 63) {
                return "a part between dots is at most 63 characters long";
            }
        }
        return "a part between dots cannot begin or end with '-'";
    }

    /**
     * An IPv4 or IPv6 address literal (no name, no brackets, no zone); an IPv4-mapped one ({@code ::ffff:10.0.0.1})
     * is an address too, of the IPv4 host it maps.
     */
    public static boolean isAddress(String text) {
        if (text == null) {
            return false;
        }
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        if (!text.contains(":") || !IPV6.matcher(text).matches()) {
            return false;
        }
        try {
            // a literal with ':' is parsed, never resolved (Java gives an IPv4-mapped one as the IPv4 address)
            java.net.InetAddress.getByName(text);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /**
     * An address literal in the form the firewall log writes it ({@code inet_ntop}, RFC 5952): IPv6 in lower case,
     * without leading zeros, its longest run of zero groups as {@code ::} ({@code FD00:10:0:0::153} is
     * {@code fd00:10::153}), so that flows and results keyed by it match the log's. IPv4 is unchanged, and an
     * IPv4-mapped address ({@code ::ffff:10.0.0.1}) is the IPv4 one its packets carry ({@code 10.0.0.1}).
     */
    public static String logged(String address) {
        IpAddress parsed = address == null || address.indexOf(':') < 0 ? null : IpAddress.parse(address);
        return parsed == null ? address : parsed.toString();
    }

    /** Whether an address literal is IPv6 link-local ({@code fe80::/10}). */
    public static boolean linkLocal(String address) {
        IpAddress parsed = address.indexOf(':') < 0 ? null : IpAddress.parse(address);
        return parsed != null && parsed.version() == 6 && parsed.hi() >>> 54 == 0xfe80 >>> 6;
    }

    public static String requireAddress(String text) {
        if (!isAddress(text)) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        return text;
    }

    /** A port, 1-65535. */
    public static int requirePort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
        return port;
    }
}
