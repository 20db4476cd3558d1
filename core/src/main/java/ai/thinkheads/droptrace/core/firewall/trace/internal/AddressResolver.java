package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.firewall.config.Alias;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.IpSet;
import ai.thinkheads.droptrace.core.firewall.config.IpSetEntry;
import ai.thinkheads.droptrace.core.firewall.config.Names;
import ai.thinkheads.droptrace.core.firewall.net.AddressRange;
import ai.thinkheads.droptrace.core.firewall.net.AddressSet;
import ai.thinkheads.droptrace.core.firewall.net.AddressSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Resolves the address values of rules: literal lists, aliases and ipsets with their scopes.
 * Without a prefix a guest's own alias or ipset wins over the cluster's; {@code dc/} means the
 * cluster's, {@code guest/} the guest's. Ipsets are compiled once into {@link AddressSet}s with
 * their nomatch entries applied.
 */
final class AddressResolver {

    /** A resolved value: the addresses and, for literals and aliases, the IP version they pin the rule to. */
    record Resolved(AddressSet set, int version, String error) {
        static Resolved error(String message) {
            return new Resolved(null, 0, message);
        }
    }

    private final FwFile cluster;
    private final AddressSet localNetwork;
    private final Map<String, AddressSet> cache = new HashMap<>();
    private final List<ConfigProblem> problems;

    AddressResolver(FwFile cluster, AddressSet localNetwork, List<ConfigProblem> problems) {
        this.cluster = cluster;
        this.localNetwork = localNetwork;
        this.problems = problems;
    }

    /** @param guest the guest file a rule is written in, or {@code null} for cluster, host and group rules */
    Resolved resolve(String value, FwFile guest) {
        if (value.startsWith("+")) {
            Matcher m = Names.IPSET_REF.matcher(value);
            if (!m.matches()) {
                return Resolved.error("invalid ipset name '" + value + "'");
            }
            String scope = m.group(1);
            String name = m.group(2);
            if (!name.equals(name.toLowerCase(Locale.ROOT))) {
                // pve-firewall stores ipset names in lower case and looks a rule's name up as written
                return Resolved.error("no such ipset '" + name + "' (ipset names are lower case: '"
                        + value.toLowerCase(Locale.ROOT) + "')");
            }
            if ("sdn".equals(scope)) {
                return Resolved.error("SDN ipset '" + value + "' is not modelled by droptrace");
            }
            if ("guest".equals(scope) && guest == null) {
                return Resolved.error("'" + value + "': the guest/ scope exists only in guest files");
            }
            FwFile owner = null;
            if (!"dc".equals(scope) && guest != null && guest.ipset(name).isPresent()) {
                owner = guest;
            } else if (!"guest".equals(scope) && cluster.ipset(name).isPresent()) {
                owner = cluster;
            }
            if (owner == null) {
                return Resolved.error("no such ipset '" + name + "'");
            }
            return new Resolved(ipset(owner, name), 0, null);
        }
        Matcher alias = Names.ALIAS_REF.matcher(value);
        if (alias.matches()) {
            Optional<Alias> found = alias(alias.group(1), alias.group(2), guest);
            if (found.isEmpty()) {
                return Resolved.error("no such alias '" + value + "'");
            }
            AddressSpec spec = AddressSpec.cidr(found.get().cidr());
            return new Resolved(spec.addresses(), spec.version(), null);
        }
        AddressSpec spec = AddressSpec.list(value);
        return spec.valid() ? new Resolved(spec.addresses(), spec.version(), null) : Resolved.error(spec.error());
    }

    /**
     * Why pve-firewall finds no alias or ipset {@code value} names where it reads {@code line} of {@code file}, though
     * the configuration has one, or {@code null}. It reads a file from the top and checks each rule (verify_rule) and
     * ipset entry (resolve_alias) against what it has read so far: a definition further down the same file is not
     * there yet, and the rule is kept with the error, never compiled (cluster.fw is read whole before the others).
     *
     * @param guest the guest file whose aliases and ipsets the line may use, or {@code null}
     */
    String definedBelow(String value, FwFile file, int line, FwFile guest) {
        boolean set = value.startsWith("+");
        Matcher m = (set ? Names.IPSET_REF : Names.ALIAS_REF).matcher(value);
        if (!m.matches()) {
            return null;
        }
        String scope = m.group(1);
        String name = m.group(2);
        String below = null;
        for (FwFile f : new FwFile[] {"guest".equals(scope) ? null : cluster, "dc".equals(scope) ? null : guest}) {
            if (f == null) {
                continue;
            }
            int limit = f == file ? line : Integer.MAX_VALUE;
            for (int defined : set ? f.ipsets().stream().filter(s -> s.name().equals(name)).map(IpSet::line).toList()
                    : f.aliases().stream().filter(a -> a.name().equalsIgnoreCase(name)).map(Alias::line).toList()) {
                if (defined < limit) {
                    return null;
                }
                below = f.path() + ":" + defined;
            }
        }
        return below == null ? null : "no such " + (set ? "ipset" : "alias") + " '" + name + "' where pve-firewall reads"
                + " this line: it checks each line against the lines above it, and " + (set ? "[IPSET " + name + "]"
                : "the alias") + " is defined further down, at " + below + "; move the definition above the line";
    }

    private Optional<Alias> alias(String scope, String name, FwFile guest) {
        if ("guest".equals(scope)) {
            return guest == null ? Optional.empty() : guest.alias(name);
        }
        if (!"dc".equals(scope) && guest != null) {
            Optional<Alias> own = guest.alias(name);
            if (own.isPresent()) {
                return own;
            }
        }
        return cluster.alias(name);
    }

    /** The addresses of ipset {@code name} of {@code owner} (the cluster's {@code management} includes the local network). */
    AddressSet ipset(FwFile owner, String name) {
        String key = owner.path() + "|" + name;
        AddressSet cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        IpSet set = owner.ipset(name).orElseThrow();
        AddressSet.Builder builder = AddressSet.builder();
        FwFile aliasScope = owner == cluster ? null : owner;
        for (IpSetEntry entry : set.entries()) {
            if (!entry.errors().isEmpty()) {
                for (String e : entry.errors()) {
                    problems.add(new ConfigProblem(owner.path(), entry.line(), entry.cidr(),
                            "ipset entry left out: " + e));
                }
                continue;
            }
            AddressRange range = entryRange(entry, aliasScope, owner);
            if (range != null) {
                builder.add(range, entry.nomatch());
            }
        }
        if (owner == cluster && name.equals("management")) {
            builder.addAll(localNetwork);
        }
        AddressSet compiled = builder.build();
        cache.put(key, compiled);
        return compiled;
    }

    private AddressRange entryRange(IpSetEntry entry, FwFile aliasScope, FwFile owner) {
        Matcher alias = Names.ALIAS_REF.matcher(entry.cidr());
        if (alias.matches()) {
            Optional<Alias> a = alias(alias.group(1), alias.group(2), aliasScope);
            String below = a.isEmpty() ? null : definedBelow(entry.cidr(), owner, entry.line(), aliasScope);
            if (below != null) {
                problems.add(new ConfigProblem(owner.path(), entry.line(), entry.cidr(), "ipset entry left out: " + below));
                return null;
            }
            if (a.isEmpty()) {
                // as for a rule: in cluster.fw, guest/ names no guest's aliases at all
                problems.add(new ConfigProblem(owner.path(), entry.line(), entry.cidr(), "ipset entry left out: "
                        + ("guest".equals(alias.group(1)) && aliasScope == null ? "'" + entry.cidr() + "': the guest/ "
                                + "scope exists only in guest files" : "no such alias '" + entry.cidr() + "'")));
                return null;
            }
            return AddressSpec.range(a.get().cidr(), false);
        }
        return AddressSpec.range(entry.cidr(), false);
    }

    /** The cluster's management set: its {@code management} ipset (if any) and the local network. */
    AddressSet management() {
        if (cluster.ipset("management").isPresent()) {
            return ipset(cluster, "management");
        }
        return localNetwork;
    }

    Optional<AddressSet> blacklist() {
        return cluster.ipset("blacklist").map(s -> ipset(cluster, "blacklist"));
    }
}
