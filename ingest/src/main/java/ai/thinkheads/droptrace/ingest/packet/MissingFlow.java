package ai.thinkheads.droptrace.ingest.packet;

/**
 * Why a line names no flow, where the line itself says: pvefw-logger writes {@code INVALID=IHL} or {@code LEN=n
 * INVALID=LEN} in place of the fields of a header it cannot read ({@code print_iphdr}, {@code print_ip6hdr}, its
 * extension headers), and nothing after {@code MAC=} for a bridged frame that is not IPv4, IPv6 or ARP. A plain "no
 * SRC= and DST=" for such a line reads as droptrace's failure. Only lines that fail come here.
 */
final class MissingFlow {

    private static final String NO_FLOW = "no flow to make an event of";

    private MissingFlow() {
    }

    /** The reason of a line without {@code SRC=} and {@code DST=}. */
    static String noAddresses(String invalid, String etherType) {
        if (invalid != null) {
            return "pvefw-logger could not read the packet's IP header (INVALID=" + invalid + ") and wrote no SRC= and "
                    + "DST=: " + NO_FLOW;
        }
        if (etherType != null && !etherType.equals("08:00") && !etherType.equals("86:dd")
                && !etherType.equals("08:06")) {
            return "a frame of ethertype " + etherType + ", not IPv4, IPv6 or ARP: the line names no SRC= and DST=, "
                    + NO_FLOW;
        }
        return "no SRC= and DST= in the packet fields";
    }

    /** The reason of a line with addresses but without {@code PROTO=}. */
    static String noProtocol(String invalid) {
        if (invalid != null) {
            return "pvefw-logger could not read the packet's headers after the IP header (INVALID=" + invalid
                    + ") and wrote no PROTO=: " + NO_FLOW;
        }
        return "no PROTO= in the packet fields";
    }
}
