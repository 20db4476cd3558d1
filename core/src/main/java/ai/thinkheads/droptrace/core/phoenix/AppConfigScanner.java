package ai.thinkheads.droptrace.core.phoenix;

import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads what the application configurations under {@code etc/} say about the network: Nginx
 * ({@code etc/nginx/**}: {@code listen} ports, {@code proxy_pass} and {@code upstream} servers) for
 * the Nginx guest, and Traefik ({@code etc/traefik/**}: entry point addresses, {@code caServer} and
 * other URLs) for the Traefik guest. A guest is the Nginx (Traefik) guest when its name contains
 * "nginx" ("traefik"); the first such guest is taken.
 */
final class AppConfigScanner {

    private static final Pattern LISTEN = Pattern.compile("^\\s*listen\\s+(?:[^\\s;]*:)?(\\d{1,5})\\b");
    private static final Pattern PROXY_PASS = Pattern.compile("^\\s*proxy_pass\\s+(https?)://([^/:;\\s]+)(?::(\\d{1,5}))?");
    private static final Pattern UPSTREAM_SERVER = Pattern.compile("^\\s*server\\s+([^\\s:;]+):(\\d{1,5})\\b");
    private static final Pattern ENTRY_POINT = Pattern.compile("^\\s*address:\\s*\"?[^\\s\":]*:(\\d{1,5})\"?\\s*$");
    private static final Pattern ANY_URL = Pattern.compile("(https?|tcp)://([A-Za-z0-9.-]+)(?::(\\d{1,5}))?");

    private AppConfigScanner() {
    }

    static List<PhoenixGuest> scan(Path etc, List<PhoenixGuest> guests, List<ParseWarning> warnings) {
        List<PhoenixGuest> out = new ArrayList<>(guests);
        apply(etc, "nginx", out, warnings, true);
        apply(etc, "traefik", out, warnings, false);
        return out;
    }

    private static void apply(Path etc, String app, List<PhoenixGuest> guests, List<ParseWarning> warnings, boolean nginx) {
        List<Path> files = files(etc.resolve(app));
        if (files.isEmpty()) {
            return;
        }
        Optional<PhoenixGuest> owner = guests.stream().filter(g -> named(g, app)).findFirst();
        if (owner.isEmpty()) {
            warnings.add(new ParseWarning(app + "/", 0, "", "no guest is named like '" + app
                    + "'; its configuration is not used"));
            return;
        }
        PhoenixGuest g = owner.get();
        List<ServicePort> services = new ArrayList<>();
        List<AppConnection> connections = new ArrayList<>();
        for (Path f : files) {
            String rel = etc.relativize(f).toString().replace('\\', '/');
            List<String> lines = lines(f, rel, warnings);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("#")) {
                    continue;
                }
                JsonLocation at = new JsonLocation(rel, null, i + 1);
                if (nginx) {
                    nginxLine(g.vmid(), line, at, services, connections);
                } else {
                    traefikLine(g.vmid(), line, at, services, connections);
                }
            }
        }
        guests.set(guests.indexOf(g), g.withServicesAndConnections(services, connections));
    }

    private static void nginxLine(int vmid, String line, JsonLocation at, List<ServicePort> services,
            List<AppConnection> connections) {
        Matcher m;
        if ((m = LISTEN.matcher(line)).find() && valid(m.group(1))) {
            services.add(new ServicePort(Integer.parseInt(m.group(1)), "tcp", "nginx listen", at));
        } else if ((m = PROXY_PASS.matcher(line)).find()) {
            int port = m.group(3) != null ? Integer.parseInt(m.group(3)) : m.group(1).equals("https") ? 443 : 80;
            if (m.group(2).contains(".") && valid(Integer.toString(port))) {
                connections.add(new AppConnection(vmid, m.group(1), m.group(2), port, "nginx proxy_pass", at));
            }
        } else if ((m = UPSTREAM_SERVER.matcher(line)).find() && valid(m.group(2))) {
            connections.add(new AppConnection(vmid, "tcp", m.group(1), Integer.parseInt(m.group(2)), "nginx upstream server", at));
        }
    }

    private static void traefikLine(int vmid, String line, JsonLocation at, List<ServicePort> services,
            List<AppConnection> connections) {
        Matcher m = ENTRY_POINT.matcher(line);
        if (m.find() && valid(m.group(1))) {
            services.add(new ServicePort(Integer.parseInt(m.group(1)), "tcp", "traefik entry point", at));
            return;
        }
        Matcher url = ANY_URL.matcher(line);
        while (url.find()) {
            int port = url.group(3) != null ? Integer.parseInt(url.group(3)) : url.group(1).equals("https") ? 443 : 80;
            if (valid(Integer.toString(port))) {
                String key = line.strip().split(":", 2)[0];
                connections.add(new AppConnection(vmid, url.group(1), url.group(2), port, "traefik " + key, at));
            }
        }
    }

    static boolean named(PhoenixGuest g, String app) {
        String name = g.name() == null ? "" : g.name().toLowerCase(Locale.ROOT);
        return name.contains(app);
    }

    private static boolean valid(String port) {
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65535;
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir, 4)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Nginx and Traefik read their files as bytes: a byte that is not UTF-8 (a Latin-1 comment) is no reason to skip one. */
    private static List<String> lines(Path f, String rel, List<ParseWarning> warnings) {
        try {
            return new String(Files.readAllBytes(f), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            warnings.add(new ParseWarning(rel, 0, "", "cannot read (" + e.getMessage() + ")"));
            return List.of();
        }
    }
}
