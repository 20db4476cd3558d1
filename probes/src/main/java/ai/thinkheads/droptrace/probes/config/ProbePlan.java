package ai.thinkheads.droptrace.probes.config;

import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.probe.ProbeKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A configuration checked as a whole: names resolved ({@code from}, {@code to}, trust anchors),
 * probe ids unique, guests unique. The inventory is the core view of the site.
 */
public record ProbePlan(ProbeConfig config, Inventory inventory, List<PlannedProbe> probes) {

    public ProbePlan {
        probes = List.copyOf(probes);
    }

    /** Resolves a parsed configuration; {@code origin} names it in error messages. */
    public static ProbePlan of(ProbeConfig config, String origin) {
        try {
            return resolve(config);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin + ": " + e.getMessage(), e);
        }
    }

    private static ProbePlan resolve(ProbeConfig config) {
        SiteConfig site = config.site();
        Set<String> names = new HashSet<>();
        for (GuestConfig g : site.guests()) {
            if (!names.add(g.name().toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("site.guests: the name '" + g.name() + "' is used twice");
            }
            if (g.name().equalsIgnoreCase(ProbeDefinition.LOCAL) || g.name().equalsIgnoreCase(ProbeDefinition.HOST)) {
                throw new IllegalArgumentException("site.guests: '" + g.name() + "' is reserved, pick another guest name");
            }
        }
        Inventory inventory = new Inventory(site.host().name(), site.host().addresses(),
                site.guests().stream().map(GuestConfig::toGuest).toList());
        Set<String> ids = new LinkedHashSet<>();
        List<PlannedProbe> planned = new ArrayList<>();
        for (int i = 0; i < config.probes().size(); i++) {
            ProbeDefinition d = config.probes().get(i);
            String where = "probes[" + i + "] (" + d.id() + ")";
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException(where + ": the id is used twice");
            }
            try {
                planned.add(plan(config, d));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return new ProbePlan(config, inventory, planned);
    }

    private static PlannedProbe plan(ProbeConfig config, ProbeDefinition d) {
        // as the log writes it, so the must-work flows and the results' destinations match the log's flows
        String destination = d.to() == null ? null : Names.logged(address(config.site(), d.to()));
        if (destination != null && Names.linkLocal(destination)) {
            // connect() refuses it ("Invalid argument", nc and curl in a guest alike): every run would end in ERROR
            throw new IllegalArgumentException("to '" + d.to() + "': " + destination + " is a link-local address, which "
                    + "a packet reaches only through the interface a zone names (" + destination + "%vmbr0), and a "
                    + "probe takes none; probe an address of it that is not link-local");
        }
        Origin origin = origin(config, d.from(), destination);
        if (d.kind() == ProbeKind.UDP) {
            // the largest datagram an IP packet holds (65,535 bytes less the IPv4 or IPv6 and UDP headers): else every
            // run would end in ERROR ("Message too long")
            int most = destination.contains(":") ? 65_527 : 65_507;
            int bytes = d.udp().bytes().length;
            if (bytes > most) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "udp: the payload is %,d bytes, "
                        + "and a UDP datagram to %s holds at most %,d", bytes, destination, most));
            }
        }
        if (d.kind() == ProbeKind.UDP && ExecConfig.qmWithoutStdin(origin.prefix())) {
            // else nc in the VM sends only its 'X' port tests, and a service that ignores them reads as NO_REPLY: a drop
            throw new IllegalArgumentException("a udp probe from '" + origin.name() + "' gives nc its payload on stdin, "
                    + "and qm guest exec passes stdin to the guest only with --pass-stdin: add --pass-stdin, \"1\" before "
                    + "the -- of its prefix (exec.prefixes.qemu, or the guest's exec)");
        }
        checkTrust(config.trust(), d);
        DefaultsConfig defaults = config.defaults();
        return new PlannedProbe(d, origin, destination,
                d.interval() == null ? defaults.interval() : d.interval(),
                d.timeout() == null ? defaults.timeout() : d.timeout());
    }

    private static Origin origin(ProbeConfig config, String from, String destination) {
        HostConfig host = config.site().host();
        if (from.equals(ProbeDefinition.LOCAL)) {
            return new Origin(ProbeDefinition.LOCAL, null, null, List.of());
        }
        if (from.equalsIgnoreCase(ProbeDefinition.HOST) || from.equalsIgnoreCase(host.name())) {
            return new Origin(host.name(), null, source(host.addresses(), destination), host.exec());
        }
        GuestConfig guest = guest(config.site(), from)
                .orElseThrow(() -> new IllegalArgumentException("from '" + from + "' is not local, host or a guest in site.guests"));
        List<String> prefix = guest.exec() != null ? guest.exec() : config.exec().prefixes().get(guest.type());
        if (prefix == null) {
            throw new IllegalArgumentException("no exec prefix for guest type " + guest.type() + " (exec.prefixes." + guest.type() + ")");
        }
        return new Origin(guest.name(), guest.vmid(), source(guest.addresses(), destination), prefix);
    }

    /**
     * The address packets to {@code destination} leave from, as the log writes it: of a dual-stack guest or host, its
     * first address of the destination's family (an IPv4 packet does not come from its IPv6 address), else its first.
     */
    private static String source(List<String> addresses, String destination) {
        List<String> logged = addresses.stream().map(Names::logged).toList();
        boolean ipv6 = destination != null && destination.contains(":");
        return logged.stream().filter(a -> destination == null || a.contains(":") == ipv6).findFirst()
                .orElse(logged.isEmpty() ? null : logged.get(0));
    }

    private static String address(SiteConfig site, String to) {
        if (Names.isAddress(to)) {
            return to;
        }
        if (to.equalsIgnoreCase(ProbeDefinition.HOST) || to.equalsIgnoreCase(site.host().name())) {
            if (site.host().addresses().isEmpty()) {
                throw new IllegalArgumentException("to '" + to + "': site.host has no addresses");
            }
            return site.host().addresses().get(0);
        }
        GuestConfig guest = guest(site, to)
                .orElseThrow(() -> new IllegalArgumentException("to '" + to + "' is not an address, host or a guest in site.guests"));
        if (guest.addresses().isEmpty()) {
            throw new IllegalArgumentException("to '" + to + "': the guest has no addresses");
        }
        return guest.addresses().get(0);
    }

    private static Optional<GuestConfig> guest(SiteConfig site, String name) {
        return site.guests().stream().filter(g -> g.name().equalsIgnoreCase(name)).findFirst();
    }

    private static void checkTrust(Map<String, TrustConfig> trust, ProbeDefinition d) {
        for (String name : trustNames(d)) {
            if (!trust.containsKey(name) && !name.equals(TrustNames.SYSTEM)) {
                throw new IllegalArgumentException("trust anchor '" + name + "' is not defined under trust");
            }
        }
    }

    /**
     * The trust anchors the probes use whose PEM file cannot be read now, one line each naming the file and the
     * probes: the configuration is valid (the file may appear later, as the lab's root does), but those probes would
     * end in ERROR.
     */
    public List<String> unreadableTrustFiles() {
        Map<String, Set<String>> users = new TreeMap<>();
        for (PlannedProbe p : probes) {
            for (String name : trustNames(p.definition())) {
                users.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(p.id());
            }
        }
        List<String> lines = new ArrayList<>();
        users.forEach((name, ids) -> {
            TrustConfig anchor = config.trust().get(name);
            Path file = anchor == null || anchor.file() == null ? null : Path.of(anchor.file());
            if (file != null && !Files.isReadable(file)) {
                lines.add("trust anchor '" + name + "': cannot read " + file + " ("
                        + (Files.exists(file) ? "permission denied" : "no such file") + "); " + String.join(", ", ids)
                        + " would end in ERROR until it can be read");
            } else if (file != null && !holdsPem(file)) {
                // read now, it gives the probes no anchor either: said as their ERROR will say it
                lines.add("trust anchor '" + name + "': " + file + (Files.isDirectory(file) ? " is a directory, not a PEM "
                        + "file" : " holds no PEM certificate (-----BEGIN CERTIFICATE-----; a DER file? openssl x509 "
                        + "-inform der -in " + file + " -out " + file + ".pem)") + "; " + String.join(", ", ids)
                        + " would end in ERROR until it holds one");
            }
        });
        return lines;
    }

    /** Whether a readable file has a PEM certificate's first line (its bytes as ISO-8859-1: PEM is ASCII, a DER file is not text). */
    private static boolean holdsPem(Path file) {
        try {
            return !Files.isDirectory(file)
                    && Files.readString(file, StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----");
        } catch (IOException e) {
            return true; // it could not be read after all: the probe's ERROR says why
        }
    }

    private static List<String> trustNames(ProbeDefinition d) {
        List<String> used = new ArrayList<>();
        if (d.kind() == ProbeKind.TLS && d.tls().trust() != null) {
            used.add(d.tls().trust());
        }
        if (d.kind() == ProbeKind.HTTP) {
            if (d.http().trust() != null) {
                used.add(d.http().trust());
            }
            if (d.http().rootMatches() != null) {
                used.add(d.http().rootMatches());
            }
        }
        if (d.kind() == ProbeKind.FILE && d.file().equalsTrust() != null) {
            used.add(d.file().equalsTrust());
        }
        return used;
    }

    /** Probes whose id is in {@code only} (all when empty); an unknown id is an error. */
    public List<PlannedProbe> select(List<String> only) {
        if (only == null || only.isEmpty()) {
            return probes;
        }
        Set<String> known = new HashSet<>();
        probes.forEach(p -> known.add(p.id()));
        // every id the configuration has not, in one line: not one a run, a fix and a run again
        List<String> unknown = only.stream().filter(id -> !known.contains(id)).distinct().map(id -> "'" + id + "'").toList();
        if (unknown.size() == 1) {
            throw new ConfigException("no probe with id " + unknown.get(0) + " in the configuration");
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("no probes with ids " + String.join(", ", unknown) + " in the configuration");
        }
        return probes.stream().filter(p -> only.contains(p.id())).toList();
    }
}
