package ai.thinkheads.droptrace.ingest.receive;

import ai.thinkheads.droptrace.core.firewall.net.AddressRange;
import ai.thinkheads.droptrace.core.firewall.net.AddressSet;
import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The senders a syslog receiver takes messages from ({@code --allow}): addresses and networks, IPv4 and
 * IPv6. A receiver on a hypervisor listens on its every address by default, and whoever can reach the
 * port could otherwise write firewall events of their own making into the correlator's evidence. A
 * refused sender is counted and said once (per receiver and address, for the first 1,024 of them).
 */
public final class AllowedSenders {

    private static final Logger LOGGER = LoggerFactory.getLogger(AllowedSenders.class);
    private static final int SAID_AT_MOST = 1_024;

    /** Every sender. */
    public static final AllowedSenders ANY = new AllowedSenders(null, List.of());

    private final AddressSet set;
    private final List<String> specs;
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    private AllowedSenders(AddressSet set, List<String> specs) {
        this.set = set;
        this.specs = List.copyOf(specs);
    }

    /**
     * From addresses and networks ({@code 192.0.2.7}, {@code 10.0.0.0/24}, {@code fd00::/8}); an empty list is
     * every sender.
     *
     * @throws IllegalArgumentException naming the first entry that is not an address or a network
     */
    public static AllowedSenders of(List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            return ANY;
        }
        AddressSet.Builder builder = AddressSet.builder();
        List<String> specs = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.strip();
            int slash = entry.indexOf('/');
            IpAddress address = IpAddress.parse(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("'" + raw + "' is not an IP address or network (10.0.0.0/24, "
                        + "192.0.2.7, fd00::/8)");
            }
            int bits = address.version() == 4 ? 32 : 128;
            // an IPv4-mapped network written as IPv6 (::ffff:10.0.0.0/104, as a dual-stack socket sees the senders)
            // counts its prefix in IPv6's 128 bits, as ip6tables and Python's ipaddress do: /104 is 10.0.0.0/8
            boolean mapped = address.version() == 4 && entry.indexOf(':') >= 0;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (mapped && prefix >= 96 && prefix <= 128) {
                    prefix -= 96;
                } else if (mapped) {
                    throw new IllegalArgumentException("'" + raw + "': the prefix length of an IPv4-mapped network is "
                            + "96-128 (::ffff:10.0.0.0/104 is 10.0.0.0/8); write IPv4 networks as IPv4, like 10.0.0.0/8");
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("'" + raw + "': the prefix length must be 0-" + bits);
                }
                if (!AddressRange.isNetworkAddress(address, prefix)) {
                    throw new IllegalArgumentException("'" + raw + "' has bits set after its /" + prefix + " (the network is "
                            + AddressRange.prefix(address, prefix).start() + "/" + prefix + ")");
                }
            }
            builder.add(AddressRange.prefix(address, prefix), false);
            specs.add(slash < 0 ? address.toString() : address + "/" + prefix);
        }
        return new AllowedSenders(builder.build(), specs);
    }

    /** Whether every sender is allowed. */
    public boolean any() {
        return set == null;
    }

    /** The addresses and networks allowed, as given. */
    public List<String> specs() {
        return specs;
    }

    /**
     * Whether {@code sender} may send; a refused one is said once ({@code what} names the receiver,
     * e.g. {@code udp/5514}).
     */
    public boolean allows(InetAddress sender, String what) {
        if (set == null) {
            return true;
        }
        if (set.contains(IpAddress.of(sender.getAddress()))) {
            return true;
        }
        String text = SenderName.address(sender);
        if (said.size() < SAID_AT_MOST && said.add(what + " " + text)) {
            LOGGER.atWarn().addKeyValue("srcAddress", text).addKeyValue("receiver", what)
                    .log("refused syslog from " + text + ": not among the allowed senders (--allow " + String.join(",", specs)
                            + "); further messages from it are counted, not said");
        }
        return false;
    }
}
