package ai.thinkheads.droptrace.probes.exec;

import ai.thinkheads.droptrace.probes.config.Names;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values substituted into argv templates, each validated for what it is before it is accepted: a
 * vmid is a number, an address an IP literal, a name a set of host-name labels, a port a number.
 * Combined with argv arrays (never a shell), no configuration value can become a command.
 */
public final class Placeholders {

    private static final Pattern TOKEN = Pattern.compile("\\{([A-Za-z]+)\\}");
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/+=@,:-]*");
    private static final Pattern SAFE_URL = Pattern.compile("https?://[A-Za-z0-9.:\\[\\]-]+/[A-Za-z0-9._/?&=%+,:@~-]*");

    private final Map<String, String> values = new LinkedHashMap<>();

    public Placeholders vmid(Integer vmid) {
        if (vmid != null) {
            if (vmid < 100) {
                throw new IllegalArgumentException("vmid " + vmid + " is not a Proxmox vmid");
            }
            values.put("vmid", Integer.toString(vmid));
        }
        return this;
    }

    public Placeholders name(String name) {
        return put("name", name, Names.isLabelSet(name), "a host name");
    }

    public Placeholders address(String address) {
        return put("address", address, Names.isAddress(address), "an IP address");
    }

    public Placeholders serverName(String serverName) {
        return put("serverName", serverName, Names.isLabelSet(serverName) || Names.isAddress(serverName),
                "a host name or address");
    }

    /**
     * {@code {host}} and {@code {serverHost}}: the address and the server name as the host of a {@code host:port}
     * pair ({@code openssl -connect}, {@code curl --connect-to}), an IPv6 address in brackets ({@code [fd00::5]}),
     * which {@code fd00::5:443} is not for either tool.
     */
    public Placeholders hosts(String address, String serverName) {
        if (address != null) {
            address(address);
            values.put("host", bracketed(address));
        }
        if (serverName != null) {
            serverName(serverName);
            values.put("serverHost", bracketed(serverName));
        }
        return this;
    }

    private static String bracketed(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    public Placeholders queryName(String name) {
        return put("queryName", name, Names.isLabelSet(name), "a domain name");
    }

    public Placeholders word(String key, String word) {
        return put(key, word, word != null && word.matches("[A-Za-z0-9]{1,16}"), "a word");
    }

    public Placeholders number(String key, long n) {
        if (n < 0) {
            throw new IllegalArgumentException(key + " must not be negative");
        }
        values.put(key, Long.toString(n));
        return this;
    }

    public Placeholders port(int port) {
        values.put("port", Integer.toString(Names.requirePort(port)));
        return this;
    }

    public Placeholders path(String path) {
        return put("path", path, path != null && SAFE_PATH.matcher(path).matches() && !path.contains(".."),
                "an absolute path of plain characters");
    }

    public Placeholders url(String url) {
        return put("url", url, url != null && SAFE_URL.matcher(url).matches(), "an http(s) URL of plain characters");
    }

    private Placeholders put(String key, String value, boolean valid, String what) {
        if (value == null) {
            return this;
        }
        if (!valid) {
            throw new IllegalArgumentException(key + " '" + value + "' is not " + what);
        }
        values.put(key, value);
        return this;
    }

    public Map<String, String> values() {
        return Collections.unmodifiableMap(values);
    }

    /**
     * Replaces every {@code {key}} in one argv element. A placeholder without a value is an error:
     * a template never runs half-filled.
     */
    public String render(String element) {
        Matcher m = TOKEN.matcher(element);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("placeholder {" + m.group(1) + "} has no value here (known: "
                        + String.join(", ", values.keySet()) + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    public java.util.List<String> render(java.util.List<String> template) {
        return template.stream().map(this::render).toList();
    }
}
