package ai.thinkheads.droptrace.core.firewall.config;

import ai.thinkheads.droptrace.core.firewall.config.RuleLineParser.Env;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one {@code .fw} file as pve-firewall's {@code generic_fw_config_parser} does: lines are
 * trimmed, {@code #} comments and blank lines skipped, section headers matched case-insensitively,
 * and every line it cannot use becomes a {@link ParseWarning} with its line number and is skipped.
 * Pure: text in, {@link FwFile} out, no exceptions for bad input.
 */
public final class FwFileParser {

    private static final Pattern GROUP_HEADER = Pattern.compile("^\\[group\\s+(\\S+)\\]\\s*(?:#\\s*(.*?)\\s*)?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern IPSET_HEADER = Pattern.compile("^\\[ipset\\s+(\\S+)\\]\\s*(?:#\\s*(.*?)\\s*)?$",
            Pattern.CASE_INSENSITIVE);

    /** parse_alias's {@code ^(\S+)\s(\S+)$}: name and address apart by exactly one space or tab. */
    private static final Pattern ALIAS_LINE = Pattern.compile("(\\S+)\\s(\\S+)");
    /** A line ending in a carriage return, after spaces and tabs (pve-firewall's {@code \h} trim keeps it). */
    private static final Pattern TRAILING_CR = Pattern.compile("\r[ \t]*$");
    /** The headers pve-firewall matches with {@code ^\[name\]$}, which a trailing carriage return defeats. */
    private static final Set<String> FIXED_HEADERS = Set.of("[options]", "[aliases]", "[rules]");

    /** Written first by some editors; pve-firewall trims spaces and tabs only, so it stays in the first line. */
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private FwFileParser() {
    }

    /**
     * @param path the file's path relative to the configuration directory, used in every message
     * @param vmid the guest id of a guest file, else {@code null}
     * @param node the node of a host file, else {@code null}
     */
    public static FwFile parse(String path, FileKind kind, Integer vmid, String node, String text) {
        return new State(path, kind).run(text, vmid, node);
    }

    private static final class State {
        final String path;
        final FileKind kind;
        final List<SectionHeader> sections = new ArrayList<>();
        final List<OptionSetting> options = new ArrayList<>();
        final List<Alias> aliases = new ArrayList<>();
        final List<IpSet> ipsets = new ArrayList<>();
        final List<Rule> rules = new ArrayList<>();
        final List<SecurityGroup> groups = new ArrayList<>();
        final List<ParseWarning> warnings = new ArrayList<>();
        String section;
        String setName;
        int setLine;
        String setComment;
        List<IpSetEntry> setEntries;
        Set<String> setKeys;
        String groupName;
        int groupLine;
        String groupComment;
        List<Rule> groupRules;

        State(String path, FileKind kind) {
            this.path = path;
            this.kind = kind;
        }

        FwFile run(String text, Integer vmid, String node) {
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                line(line, i + 1, TRAILING_CR.matcher(lines[i]).find());
            }
            closeSet();
            closeGroup();
            return new FwFile(path, kind, vmid, node, sections, options, aliases, ipsets, rules, groups, warnings);
        }

        void line(String line, int no, boolean carriageReturn) {
            if (header(line, no, carriageReturn)) {
                return;
            }
            if (section == null) {
                warn(no, line, line.startsWith(BYTE_ORDER_MARK)
                        ? "skip line - no section: the file starts with a UTF-8 byte order mark, so to pve-firewall '"
                                + line.substring(1) + "' is no section header; save the file without the mark"
                        : "skip line - no section");
                return;
            }
            switch (section) {
                case "options" -> option(line, no);
                case "aliases" -> alias(line, no);
                case "rules" -> rule(line, no);
                case "group" -> groupRule(line, no);
                case "ipset" -> ipsetEntry(line, no);
                default -> warn(no, line, "skip line - unknown section");
            }
        }

        boolean header(String line, int no, boolean carriageReturn) {
            if (!line.startsWith("[")) {
                return false;
            }
            String lower = line.toLowerCase(Locale.ROOT);
            if (carriageReturn && FIXED_HEADERS.contains(lower)) {
                // pve-firewall trims spaces and tabs only and matches these three headers up to the
                // end of the line, so '[RULES]\r' is no header: the section goes on as before
                warn(no, line, "skip line - not a section header to pve-firewall: the line ends in a carriage "
                        + "return (CRLF line endings); convert the file to LF line endings");
                return true;
            }
            if (lower.equals("[options]")) {
                return open("options", "OPTIONS", no);
            }
            if (lower.equals("[rules]")) {
                return open("rules", "RULES", no);
            }
            if (lower.equals("[aliases]") && kind != FileKind.HOST) {
                return open("aliases", "ALIASES", no);
            }
            Matcher group = GROUP_HEADER.matcher(line);
            if (group.matches() && kind == FileKind.CLUSTER) {
                closeSet();
                closeGroup();
                String name = group.group(1).toLowerCase(Locale.ROOT);
                if (badName("security group", name, Names.MAX_GROUP_LENGTH, no, line)) {
                    return true;
                }
                section = "group";
                groupName = name;
                groupLine = no;
                groupComment = group.group(2);
                groupRules = new ArrayList<>();
                sections.add(new SectionHeader("group " + name, no));
                return true;
            }
            Matcher ipset = IPSET_HEADER.matcher(line);
            if (ipset.matches() && kind != FileKind.HOST) {
                closeSet();
                closeGroup();
                String name = ipset.group(1).toLowerCase(Locale.ROOT);
                if (badName("ipset", name, Names.MAX_IPSET_LENGTH, no, line)) {
                    return true;
                }
                section = "ipset";
                setName = name;
                setLine = no;
                setComment = ipset.group(2);
                setEntries = new ArrayList<>();
                setKeys = new HashSet<>();
                sections.add(new SectionHeader("IPSET " + name, no));
                return true;
            }
            String foreign = ForeignSectionHeader.warning(kind, line, group.matches(),
                    ipset.matches() || lower.equals("[aliases]"), current());
            if (foreign != null) {
                warn(no, line, foreign);
                return true;
            }
            return false;
        }

        /** The section lines go to now, as a header names it, or {@code null}. */
        String current() {
            if (section == null) {
                return null;
            }
            return switch (section) {
                case "group" -> "[group " + groupName + "]";
                case "ipset" -> "[IPSET " + setName + "]";
                default -> "[" + section.toUpperCase(Locale.ROOT) + "]";
            };
        }

        boolean open(String name, String header, int no) {
            closeSet();
            closeGroup();
            section = name;
            sections.add(new SectionHeader(header, no));
            return true;
        }

        /** A section name pve-firewall refuses: warns, leaves the section and returns true. */
        boolean badName(String what, String name, int maxLength, int no, String line) {
            String error = name.length() > maxLength ? what + " name too long"
                    : !Names.NAME.matcher(name).matches() ? "invalid " + what + " name '" + name + "'" : null;
            if (error == null) {
                return false;
            }
            section = null;
            warn(no, line, error);
            return true;
        }

        void closeSet() {
            if (setName != null) {
                ipsets.add(new IpSet(setName, setLine, emptyToNull(setComment), setEntries));
                setName = null;
            }
        }

        void closeGroup() {
            if (groupName != null) {
                groups.add(new SecurityGroup(groupName, groupLine, emptyToNull(groupComment), groupRules));
                groupName = null;
            }
        }

        void option(String line, int no) {
            OptionLineParser.Result r = OptionLineParser.parse(line, kind);
            if (r.error() != null) {
                warn(no, line, r.error());
            } else {
                options.add(new OptionSetting(r.key(), r.value(), no));
            }
        }

        void alias(String line, int no) {
            String body = line;
            String comment = null;
            int hash = body.indexOf('#');
            if (hash >= 0) {
                comment = emptyToNull(body.substring(hash + 1).strip());
                body = body.substring(0, hash).strip();
            }
            Matcher parts = ALIAS_LINE.matcher(body);
            if (!parts.matches()) {
                warn(no, line, "unable to parse alias line");
                return;
            }
            String cidr = AliasValue.normalise(parts.group(2));
            if (cidr == null) {
                warn(no, line, "value does not look like a valid IP address or CIDR network");
                return;
            }
            aliases.add(new Alias(parts.group(1), cidr, no, comment));
        }

        void rule(String line, int no) {
            Env env = switch (kind) {
                case CLUSTER -> Env.CLUSTER;
                case HOST -> Env.HOST;
                case GUEST -> Env.GUEST;
            };
            RuleLineParser.Result r = RuleLineParser.parse(line, no, "RULES", env);
            if (r.error() != null) {
                warn(no, line, r.error());
            } else {
                rules.add(r.rule());
            }
        }

        void groupRule(String line, int no) {
            RuleLineParser.Result r = RuleLineParser.parse(line, no, "group " + groupName, Env.GROUP);
            if (r.error() != null) {
                warn(no, line, r.error());
            } else {
                groupRules.add(r.rule());
            }
        }

        void ipsetEntry(String line, int no) {
            String body = line;
            String comment = null;
            int hash = body.indexOf('#');
            if (hash >= 0) {
                comment = emptyToNull(body.substring(hash + 1).strip());
                body = body.substring(0, hash).strip();
            }
            boolean nomatch = body.startsWith("!");
            String cidr = (nomatch ? body.substring(1) : body).strip();
            List<String> errors = new ArrayList<>();
            if (cidr.isEmpty() || cidr.contains(" ")) {
                warn(no, line, "unable to parse ipset entry");
                return;
            }
            String key = cidr;
            // an alias may carry its scope, dc/name or guest/name, as the GUI writes an alias picked for an ipset
            if (!Names.ALIAS_REF.matcher(cidr).matches()) {
                String normalised = AliasValue.normalise(cidr);
                if (normalised == null) {
                    errors.add("cidr: value does not look like a valid IP address or CIDR network");
                } else {
                    key = normalised;
                    cidr = normalised;
                    if (cidr.matches(".*/0+$")) {
                        errors.add("cidr: a zero prefix is not allowed in ipset entries");
                    }
                }
            }
            if (!setKeys.add(key)) {
                errors.add("cidr: duplicate ipset entry for '" + key + "'");
            }
            setEntries.add(new IpSetEntry(no, cidr, nomatch, comment, errors));
        }

        void warn(int no, String line, String message) {
            warnings.add(new ParseWarning(path, no, line, message));
        }
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
