package ai.thinkheads.droptrace.core.firewall.macro;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The full pve-firewall macro table, read once from the bundled {@code macros.tsv}. */
public final class Macros {

    private static final Map<String, Macro> BY_LOWER_NAME = load();

    private Macros() {
    }

    /** A macro by name, case-insensitively, as pve-firewall looks them up. */
    public static Optional<Macro> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_LOWER_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every macro, by name. */
    public static List<Macro> all() {
        return BY_LOWER_NAME.values().stream().sorted(java.util.Comparator.comparing(Macro::name)).toList();
    }

    private static Map<String, Macro> load() {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, String> descriptions = new LinkedHashMap<>();
        Map<String, List<MacroEntry>> any = new LinkedHashMap<>();
        Map<String, List<MacroEntry>> v6 = new LinkedHashMap<>();
        try (InputStream in = Macros.class.getResourceAsStream("/ai/thinkheads/droptrace/core/firewall/macros.tsv")) {
            if (in == null) {
                throw new IllegalStateException("macros.tsv is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                String key = f[0].toLowerCase(Locale.ROOT);
                names.putIfAbsent(key, f[0]);
                descriptions.putIfAbsent(key, f[5]);
                MacroEntry entry = new MacroEntry(f[2], blankToNull(f[3]), blankToNull(f[4]));
                (f[1].equals("v6") ? v6 : any).computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Macro> macros = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : names.entrySet()) {
            String key = e.getKey();
            macros.put(key, new Macro(e.getValue(), descriptions.get(key), any.getOrDefault(key, List.of()),
                    v6.getOrDefault(key, List.of())));
        }
        return Map.copyOf(macros);
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
