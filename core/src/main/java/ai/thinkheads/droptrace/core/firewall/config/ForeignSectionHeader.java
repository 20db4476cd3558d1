package ai.thinkheads.droptrace.core.firewall.config;

/**
 * A section header another kind of file has ({@code [group x]} in a guest file, {@code [IPSET x]} or
 * {@code [ALIASES]} in host.fw). pve-firewall opens no section for it and reads the lines after it in the section
 * before: a group's rules written into a guest file become the guest's own rules. Its own message ("unknown rule
 * type '[group'", "can't parse option") names neither.
 */
final class ForeignSectionHeader {

    private ForeignSectionHeader() {
    }

    /**
     * The warning for {@code line}, or {@code null} when it is no header of another file kind.
     *
     * @param current the section the lines after it stay in ({@code [RULES]}), or {@code null} for none
     */
    static String warning(FileKind kind, String line, boolean group, boolean ipsetOrAliases, String current) {
        String owners = group && kind != FileKind.CLUSTER ? "cluster.fw only"
                : ipsetOrAliases && kind == FileKind.HOST ? "cluster.fw and guest files only" : null;
        if (owners == null) {
            return null;
        }
        return "skip line - " + line + " is a section of " + owners + ": pve-firewall opens no section here, so the "
                + "lines after it are " + (current == null ? "in no section and skipped" : "read as " + current
                        + " of this file");
    }
}
