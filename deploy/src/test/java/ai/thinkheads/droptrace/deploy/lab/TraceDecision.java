package ai.thinkheads.droptrace.deploy.lab;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One packet's pass through one bridge of the lab, as the kernel traced it
 * ({@code deploy/lab/trace-capture}, one line of {@code trace.jsonl}).
 *
 * @param verdict accept, drop or reject
 * @param chain the pve config chain whose rule decided (guest, host or group chain), or null
 * @param iptables that rule as written in the lab's ruleset file
 * @param sourceFile the config file of that rule (relative to the lab directory), null for
 *                   pve-firewall's own machinery
 * @param sourceLine its line number, 0 when there is none
 */
public record TraceDecision(String src, String dst, String proto, int sport, int dport, String inInterface,
                            String verdict, String chain, String iptables, String sourceFile, int sourceLine) {

    static TraceDecision of(JsonNode line) {
        JsonNode deciding = line.path("decidingRule");
        JsonNode source = deciding.path("source");
        return new TraceDecision(line.path("src").asText(), line.path("dst").asText(), line.path("proto").asText(),
                line.path("sport").asInt(), line.path("dport").asInt(), line.path("iif").asText(),
                line.path("verdict").asText(), deciding.path("chain").asText(null),
                deciding.path("iptables").asText(null), source.path("file").asText(null),
                source.path("line").asInt(0));
    }

    /** {@code file:line} of the deciding config line, or null. */
    public String sourceLocation() {
        return sourceFile == null ? null : sourceFile + ":" + sourceLine;
    }
}
