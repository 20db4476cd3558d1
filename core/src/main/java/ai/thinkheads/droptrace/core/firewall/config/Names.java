package ai.thinkheads.droptrace.core.firewall.config;

import java.util.regex.Pattern;

/** The name rules of pve-firewall for aliases, ipsets, security groups and interfaces. */
public final class Names {

    /** Alias, ipset and security-group names: a letter, then at least one letter, digit, {@code -} or {@code _}. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9\\-_]+");
    public static final int MAX_ALIAS_LENGTH = 64;
    public static final int MAX_IPSET_LENGTH = 64;
    public static final int MAX_GROUP_LENGTH = 18;

    /** An ipset reference: {@code +name}, {@code +dc/name}, {@code +guest/name}, {@code +sdn/name}. */
    public static final Pattern IPSET_REF = Pattern.compile("\\+(?:(dc|guest|sdn)/)?([A-Za-z][A-Za-z0-9\\-_]+)");
    /** An alias reference: {@code name}, {@code dc/name}, {@code guest/name}. */
    public static final Pattern ALIAS_REF = Pattern.compile("(?:(dc|guest)/)?([A-Za-z][A-Za-z0-9\\-_]+)");

    /** pve's interface-name format: a letter, 1-20 word characters, an optional {@code .vlan} or {@code :alias}. */
    public static final Pattern IFACE = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{1,20}([:.]\\d+)?");
    public static final Pattern GUEST_IFACE = Pattern.compile("net\\d+");

    private Names() {
    }
}
