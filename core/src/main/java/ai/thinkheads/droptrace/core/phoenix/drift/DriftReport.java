package ai.thinkheads.droptrace.core.phoenix.drift;

import java.util.List;

/**
 * Every difference between a Phoenix site's declared firewall and a live {@code /etc/pve}.
 *
 * @param declared what was compared as declared ({@code Phoenix etc/ folder ... (new generator)})
 * @param live the live directory
 */
public record DriftReport(String declared, String live, List<DriftItem> items) {

    public DriftReport {
        items = List.copyOf(items);
    }

    public boolean drifted() {
        return !items.isEmpty();
    }
}
