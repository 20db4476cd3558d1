package ai.thinkheads.droptrace.bench.ingest;

import io.krakens.grok.api.Grok;
import io.krakens.grok.api.GrokCompiler;
import io.krakens.grok.api.Match;
import java.util.Map;

/**
 * The grok peer: io.krakens java-grok (the Java port of Logstash's grok) with the library's
 * default patterns and a pve-firewall pattern modelled on Logstash's {@code IPTABLES} family
 * (whose kernel-LOG form requires {@code OUT=}, {@code RES=} and ports, so it does not match
 * pve lines as is): header, optional interfaces and MAC, IPv4 or IPv6 part, protocol part.
 */
public final class GrokPveParser {

    private final Grok grok;

    public GrokPveParser() {
        GrokCompiler compiler = GrokCompiler.newInstance();
        compiler.registerDefaultPatterns();
        compiler.register("PVEFW_TCP_FLAGS", "(?:(?:URG|ACK|PSH|RST|SYN|FIN) ?)*");
        compiler.register("PVEFW_HEADER", "%{INT:vmid} %{INT:level} %{NOTSPACE:chain} %{HTTPDATE:timestamp} %{DATA:message}");
        compiler.register("PVEFW_IFACES", "(?:IN=%{NOTSPACE:in} )?(?:OUT=%{NOTSPACE:out} )?(?:PHYSIN=%{NOTSPACE:physin} )?"
                + "(?:PHYSOUT=%{NOTSPACE:physout} )?(?:MAC=%{COMMONMAC:dst_mac}:%{COMMONMAC:src_mac}:%{BASE16NUM}:%{BASE16NUM} )?");
        compiler.register("PVEFW_L3", "SRC=%{IP:src_ip} DST=%{IP:dst_ip} LEN=%{INT:length} "
                + "(?:TOS=0x%{BASE16NUM:tos} PREC=0x%{BASE16NUM:prec} TTL=%{INT:ttl} ID=%{INT:id}(?: DF| MF)*"
                + "|TC=%{INT:tc} FLOWLBL=%{INT:flowlabel} HOPLIMIT=%{INT:hoplimit})");
        compiler.register("PVEFW_L4", "PROTO=%{WORD:proto}(?: SPT=%{INT:src_port} DPT=%{INT:dst_port})?"
                + "(?: SEQ=%{INT:seq} ACK=%{INT:ack} WINDOW=%{INT:window} %{PVEFW_TCP_FLAGS:tcp_flags}"
                + "| LEN=%{INT:udp_length}| TYPE=%{INT:icmp_type} CODE=%{INT:icmp_code}(?: ID=%{INT:icmp_id} SEQ=%{INT:icmp_seq})?)? ?");
        compiler.register("PVEFW", "^%{PVEFW_HEADER}%{PVEFW_IFACES}%{PVEFW_L3} %{PVEFW_L4}$");
        this.grok = compiler.compile("%{PVEFW}", true);
    }

    /** The captured fields, or an empty map when the line does not match. */
    public Map<String, Object> parse(String line) {
        Match match = grok.match(line);
        return match.capture();
    }
}
