package ai.thinkheads.droptrace.ingest.pve;

/**
 * pve's NFLOG prefix {@code :<vmid>:<level>:<chain>: <message>}, printed raw (after vmid 0, level
 * 6, chain {@code -}) when the logger could not split it, for instance for a chain name longer than
 * 28 characters.
 */
record RawPrefix(int vmid, int level, String chain, String message) {

    static RawPrefix read(String prefix) {
        if (!prefix.startsWith(":")) {
            return null;
        }
        int a = prefix.indexOf(':', 1);
        if (a < 2 || a + 3 >= prefix.length() || prefix.charAt(a + 2) != ':' || a > 11) {
            return null;
        }
        long vmid = 0; // up to ten digits: beyond an int, which is no guest's id
        for (int k = 1; k < a; k++) {
            char c = prefix.charAt(k);
            if (c < '0' || c > '9') {
                return null;
            }
            vmid = vmid * 10 + (c - '0');
        }
        if (vmid > Integer.MAX_VALUE) {
            return null;
        }
        char level = prefix.charAt(a + 1);
        if (level < '0' || level > '7') {
            return null;
        }
        int chainEnd = prefix.indexOf(": ", a + 3);
        if (chainEnd <= a + 3) {
            return null;
        }
        String chain = prefix.substring(a + 3, chainEnd);
        if (chain.indexOf(' ') >= 0 || chain.indexOf(':') >= 0) {
            return null;
        }
        return new RawPrefix((int) vmid, level - '0', chain, prefix.substring(chainEnd + 2));
    }
}
