package ai.thinkheads.droptrace.core.phoenix;

import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the guests: {@code .lxc_configs} (an object keyed by the container id as a string) and
 * {@code .vms} (an array with {@code vmid}). Keys unrelated to networking and firewalling (storage,
 * GPUs, features, vLLM settings) are ignored.
 */
final class GuestSectionReader {

    private static final Pattern URL = Pattern.compile("^(https?|tcp)://([^/:\\s\"]+)(?::(\\d{1,5}))?(?:/.*)?$");
    private static final Pattern PORT_MAPPING = Pattern.compile("^(?:[\\d.]+:)?(\\d{1,5}):(\\d{1,5})(?:/(tcp|udp))?$");

    private GuestSectionReader() {
    }

    static List<PhoenixGuest> lxcs(JsonDocument doc, List<ParseWarning> warnings) {
        List<PhoenixGuest> out = new ArrayList<>();
        JsonNode configs = doc.root().path("lxc_configs");
        if (!configs.isObject()) {
            warnings.add(new ParseWarning(doc.file(), 0, "", ".lxc_configs is missing or not an object; no containers read"));
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = configs.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = JsonLocation.member(".lxc_configs", e.getKey());
            Integer vmid = vmid(e.getKey());
            if (vmid == null || !e.getValue().isObject()) {
                warnings.add(new ParseWarning(doc.file(), doc.index().line(path), "", path
                        + " is not a container (the key must be a container id of 100 or more, the value an object); skipped"));
                continue;
            }
            JsonNode c = e.getValue();
            JsonNode net = c.path("network_config");
            String ip = JsonDocument.text(net, "ip");
            out.add(guest(doc, path, vmid, GuestType.LXC, c, JsonDocument.text(net, "bridge"), ip,
                    JsonDocument.text(net, "gw"), nameservers(doc, path, net, warnings), JsonDocument.text(c, "mac_address"), List.of(), warnings));
        }
        return out;
    }

    static List<PhoenixGuest> vms(JsonDocument doc, List<ParseWarning> warnings) {
        List<PhoenixGuest> out = new ArrayList<>();
        JsonNode vms = doc.root().path("vms");
        if (!vms.isArray()) {
            warnings.add(new ParseWarning(doc.file(), 0, "", ".vms is missing or not an array; no VMs read"));
            return out;
        }
        String defaultBridge = JsonDocument.text(doc.root().path("vm_defaults"), "network_bridge");
        for (int i = 0; i < vms.size(); i++) {
            String path = JsonLocation.element(".vms", i);
            JsonNode v = vms.get(i);
            Integer vmid = v.path("vmid").canConvertToInt() ? Integer.valueOf(v.path("vmid").asInt()) : vmid(v.path("vmid").asText());
            if (vmid == null || vmid < 100) {
                warnings.add(new ParseWarning(doc.file(), doc.index().line(path), "", path
                        + " has no vmid of 100 or more; skipped"));
                continue;
            }
            JsonNode net = v.path("network_config");
            out.add(guest(doc, path, vmid, GuestType.QEMU, v, defaultBridge, JsonDocument.text(net, "ip"),
                    JsonDocument.text(net, "gw"), nameservers(doc, path, net, warnings), JsonDocument.text(v, "mac_address"), stacks(v), warnings));
        }
        return out;
    }

    private static PhoenixGuest guest(JsonDocument doc, String path, int vmid, GuestType type, JsonNode g, String bridge,
            String ip, String gw, List<String> nameservers, String mac, List<PhoenixGuest.StackRef> stacks,
            List<ParseWarning> warnings) {
        FirewallSection firewall = null;
        JsonNode fw = g.get("firewall");
        String fwPath = JsonLocation.member(path, "firewall");
        if (fw != null && fw.isObject()) {
            firewall = FirewallSectionReader.read(doc, fwPath, fw, false, warnings);
        } else if (fw != null && !fw.isNull()) {
            warnings.add(new ParseWarning(doc.file(), doc.index().line(fwPath), "", fwPath + " is not an object ("
                    + JsonDocument.kind(fw) + "); the generator's jq cannot read it, so the guest is read without a firewall"));
        }
        String address = Addresses.hostPart(ip);
        return new PhoenixGuest(vmid, JsonDocument.text(g, "name"), type, doc.at(path), bridge == null ? "vmbr0" : bridge,
                address, address == null ? null : ip, Addresses.hostPart(gw), nameservers, mac,
                JsonDocument.text(g.path("traefik_service"), "name"), firewall,
                services(doc, path, g), connections(doc, path, vmid, g), stacks,
                g.path("public_interface").path("enabled").asBoolean(false), secondary(g.path("secondary_network_config")));
    }

    /**
     * {@code nameservers} as the container configs write it, {@code nameserver} as the VM configs do: a
     * string of addresses separated by spaces or commas, or an array of them. Anything else is a warning.
     */
    private static List<String> nameservers(JsonDocument doc, String path, JsonNode net, List<ParseWarning> warnings) {
        String key = net.hasNonNull("nameservers") ? "nameservers" : "nameserver";
        JsonNode v = net.get(key);
        String at = JsonLocation.member(JsonLocation.member(path, "network_config"), key);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            nameserverText(doc, at, v.asText(), out, warnings);
        } else if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                String element = JsonLocation.element(at, i);
                if (v.get(i).isTextual()) {
                    nameserverText(doc, element, v.get(i).asText(), out, warnings);
                } else {
                    warnings.add(new ParseWarning(doc.file(), doc.index().line(element), "", element + " is "
                            + JsonDocument.kind(v.get(i)) + " (" + v.get(i) + "), not an address; ignored"));
                }
            }
        } else {
            warnings.add(new ParseWarning(doc.file(), doc.index().line(at), "", at + " is " + JsonDocument.kind(v) + " ("
                    + v + "), not an address list (a string or an array of strings); no DNS server read from it"));
        }
        return out;
    }

    private static void nameserverText(JsonDocument doc, String at, String text, List<String> out,
            List<ParseWarning> warnings) {
        for (String part : text.strip().split("[,\\s]+")) {
            String address = Addresses.hostPart(part);
            if (address != null) {
                out.add(address);
            } else if (!part.isEmpty()) {
                warnings.add(new ParseWarning(doc.file(), doc.index().line(at), "", at + " is not an address (\""
                        + part + "\"); ignored"));
            }
        }
    }

    /** {@code secondary_network_config}: the newest configs put the internal NIC (net1) of the Nginx gateway there. */
    private static PhoenixGuest.SecondaryNic secondary(JsonNode net) {
        if (!net.isObject()) {
            return null;
        }
        String mac = JsonDocument.text(net, "hwaddr");
        return new PhoenixGuest.SecondaryNic(JsonDocument.text(net, "bridge"), Addresses.hostPart(JsonDocument.text(net, "ip")),
                Addresses.hostPart(JsonDocument.text(net, "gw")), mac != null ? mac : JsonDocument.text(net, "mac_address"));
    }

    private static List<ServicePort> services(JsonDocument doc, String path, JsonNode g) {
        List<ServicePort> out = new ArrayList<>();
        JsonNode ts = g.path("traefik_service").path("port");
        if (ts.canConvertToInt() && valid(ts.asInt())) {
            out.add(new ServicePort(ts.asInt(), "tcp", "traefik_service.port",
                    doc.at(JsonLocation.member(JsonLocation.member(path, "traefik_service"), "port"))));
        }
        JsonNode ports = g.path("ports");
        for (int i = 0; i < ports.size(); i++) {
            Matcher m = PORT_MAPPING.matcher(ports.get(i).asText());
            if (m.matches() && valid(Integer.parseInt(m.group(2)))) {
                out.add(new ServicePort(Integer.parseInt(m.group(2)), m.group(3) == null ? "tcp" : m.group(3),
                        "ports mapping " + ports.get(i).asText(), doc.at(JsonLocation.element(JsonLocation.member(path, "ports"), i))));
            }
        }
        JsonNode vllm = g.path("vllm_engine_config").path("ServerConfig").path("port");
        if (vllm.canConvertToInt() && valid(vllm.asInt()) && out.stream().noneMatch(s -> s.port() == vllm.asInt())) {
            out.add(new ServicePort(vllm.asInt(), "tcp", "vLLM server port", doc.at(path + ".vllm_engine_config.ServerConfig.port")));
        }
        return out;
    }

    /** Every {@code scheme://host:port} string in the guest's settings (outside its firewall): where it connects to. */
    private static List<AppConnection> connections(JsonDocument doc, String path, int vmid, JsonNode g) {
        List<AppConnection> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = g.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("firewall") || !e.getValue().isTextual()) {
                continue;
            }
            Matcher m = URL.matcher(e.getValue().asText());
            if (m.matches()) {
                int port = m.group(3) != null ? Integer.parseInt(m.group(3)) : m.group(1).equals("https") ? 443 : 80;
                if (valid(port)) {
                    out.add(new AppConnection(vmid, m.group(1), m.group(2), port, e.getKey(),
                            doc.at(JsonLocation.member(path, e.getKey()))));
                }
            }
        }
        return out;
    }

    private static List<PhoenixGuest.StackRef> stacks(JsonNode v) {
        List<PhoenixGuest.StackRef> out = new ArrayList<>();
        for (JsonNode s : v.path("docker_stacks")) {
            if (s.isTextual()) {
                out.add(new PhoenixGuest.StackRef(s.asText(), null));
            } else if (s.hasNonNull("name")) {
                out.add(new PhoenixGuest.StackRef(s.get("name").asText(), JsonDocument.text(s, "environment")));
            }
        }
        return out;
    }

    private static Integer vmid(String text) {
        if (text == null || !text.matches("\\d{3,9}")) {
            return null;
        }
        int id = Integer.parseInt(text);
        return id >= 100 ? id : null;
    }

    private static boolean valid(int port) {
        return port >= 1 && port <= 65535;
    }
}
