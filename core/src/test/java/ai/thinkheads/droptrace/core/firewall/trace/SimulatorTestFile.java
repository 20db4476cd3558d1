package ai.thinkheads.droptrace.core.firewall.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code tests} file of pve-firewall's simulator suite: one Perl hash per line,
 * {@code { from => 'vm110', to => 'vm100', dport => 22, action => 'DROP' }}; {@code #} comments and
 * blank lines are skipped.
 */
final class SimulatorTestFile {

    /** One test line: its line number and its keys. */
    record Case(int line, String text, Map<String, String> fields) {
    }

    private static final Pattern PAIR = Pattern.compile("(\\w+)\\s*=>\\s*(?:'([^']*)'|\"([^\"]*)\"|([^,\\s}]+))");

    private SimulatorTestFile() {
    }

    static List<Case> parse(List<String> lines) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!line.startsWith("{") || !line.endsWith("}")) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not a test: " + line);
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher m = PAIR.matcher(line);
            while (m.find()) {
                String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
                fields.put(m.group(1), value);
            }
            cases.add(new Case(i + 1, line, fields));
        }
        return cases;
    }
}
