package ai.thinkheads.droptrace.bench.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The straightforward peer: one {@code java.util.regex} pattern with named groups for a
 * pve-firewall line, the fields copied into a map, as a developer would write it in an afternoon.
 * Same structure as the grok pattern in {@link GrokPveParser}.
 */
public final class RegexPveParser {

    static final String PATTERN = "^(?<vmid>\\d+) (?<level>\\d) (?<chain>\\S+) (?<timestamp>\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}) "
            + "(?<message>.*?)"
            + "(?:IN=(?<in>\\S+) )?(?:OUT=(?<out>\\S+) )?(?:PHYSIN=(?<physin>\\S+) )?(?:PHYSOUT=(?<physout>\\S+) )?"
            + "(?:MAC=(?<dstmac>(?:[0-9a-f]{2}:){5}[0-9a-f]{2}):(?<srcmac>(?:[0-9a-f]{2}:){5}[0-9a-f]{2}):(?<ethtype>[0-9a-f]{2}:[0-9a-f]{2}) )?"
            + "SRC=(?<src>[0-9a-fA-F.:]+) DST=(?<dst>[0-9a-fA-F.:]+) LEN=(?<length>\\d+) "
            + "(?:TOS=0x(?<tos>[0-9A-F]+) PREC=0x(?<prec>[0-9A-F]+) TTL=(?<ttl>\\d+) ID=(?<id>\\d+)(?<frag>(?: DF| MF)*)"
            + "|TC=(?<tc>\\d+) FLOWLBL=(?<flowlabel>\\d+) HOPLIMIT=(?<hoplimit>\\d+)) "
            + "PROTO=(?<proto>\\w+)(?: SPT=(?<spt>\\d+) DPT=(?<dpt>\\d+))?"
            + "(?: SEQ=(?<seq>\\d+) ACK=(?<ack>\\d+) WINDOW=(?<window>\\d+) (?<flags>(?:(?:URG|ACK|PSH|RST|SYN|FIN) ?)*)"
            + "| LEN=(?<udplen>\\d+)| TYPE=(?<type>\\d+) CODE=(?<code>\\d+)(?: ID=(?<icmpid>\\d+) SEQ=(?<icmpseq>\\d+))?)? ?$";

    private static final String[] GROUPS = {"vmid", "level", "chain", "timestamp", "message", "in", "out", "physin",
        "physout", "dstmac", "srcmac", "ethtype", "src", "dst", "length", "tos", "prec", "ttl", "id", "frag", "tc",
        "flowlabel", "hoplimit", "proto", "spt", "dpt", "seq", "ack", "window", "flags", "udplen", "type", "code",
        "icmpid", "icmpseq"};

    private final Pattern pattern = Pattern.compile(PATTERN);

    /** The named groups that matched, or {@code null} when the line does not match. */
    public Map<String, String> parse(String line) {
        Matcher m = pattern.matcher(line);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> fields = new HashMap<>(64);
        for (String group : GROUPS) {
            String value = m.group(group);
            if (value != null) {
                fields.put(group, value);
            }
        }
        return fields;
    }
}
