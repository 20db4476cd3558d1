package ai.thinkheads.droptrace.streams.verdict;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a chain filters: a guest's traffic in or out ({@code 103 out}), or the host's ({@code host in}), in either
 * backend's names: {@code veth103i0-OUT} and {@code tap103i1-OUT} (iptables, a chain per NIC) and {@code guest-103-out}
 * (proxmox-firewall, one per guest) are the same place; {@code PVEFW-HOST-IN}, {@code host-in} and {@code cluster-in}
 * too. Security groups, built-in helper chains and unknown names have no place: nothing is said of them.
 */
final class ChainPlace {

    private static final Pattern IPTABLES_GUEST = Pattern.compile("(?:veth|tap)(\\d+)i\\d+-(in|out)");
    private static final Pattern NFTABLES_GUEST = Pattern.compile("guest-(\\d+)-(in|out)");
    private static final Pattern HOST = Pattern.compile("(?:pvefw-host|host|cluster)-(in|out)");

    private ChainPlace() {
    }

    /** The chain's place, or {@code null} when it has none this knows. */
    static String of(String chain) {
        if (chain == null) {
            return null;
        }
        String name = chain.toLowerCase(Locale.ROOT);
        Matcher m = IPTABLES_GUEST.matcher(name);
        if (m.matches()) {
            return Integer.parseInt(m.group(1)) + " " + m.group(2);
        }
        m = NFTABLES_GUEST.matcher(name);
        if (m.matches()) {
            return Integer.parseInt(m.group(1)) + " " + m.group(2);
        }
        m = HOST.matcher(name);
        return m.matches() ? "host " + m.group(1) : null;
    }
}
