package ai.thinkheads.droptrace.core.firewall.config;

import ai.thinkheads.droptrace.core.firewall.net.AddressSpec;

/** The address of an alias or ipset entry as pve-firewall stores it: checked, {@code /32} and {@code /128} stripped. */
final class AliasValue {

    private AliasValue() {
    }

    /** The normalised address, or {@code null} when the text is not an IP or CIDR. */
    static String normalise(String text) {
        if (AddressSpec.range(text, false) == null) {
            return null;
        }
        if (text.endsWith("/32") && !text.contains(":")) {
            return text.substring(0, text.length() - 3);
        }
        if (text.endsWith("/128") && text.contains(":")) {
            return text.substring(0, text.length() - 4);
        }
        return text;
    }
}
