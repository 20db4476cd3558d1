package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.config.FileKind;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.FwFileParser;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A packet given by address when two guests are configured with that address (a clone that kept it). */
class SharedAddressTest {

    private static final String ENABLED = "[OPTIONS]\nenable: 1\n";

    @Test
    void the_answer_for_an_address_two_guests_have_names_the_other_guest_and_how_to_trace_it() {
        // Given: VM 102 and its clone 105 both have 10.0.0.12
        Inventory inventory = new Inventory("node1", List.of("10.9.9.9"), List.of(
                new Guest(102, "db", GuestType.QEMU, null, List.of(new Nic(0, "vmbr0", true, null, List.of("10.0.0.12")))),
                new Guest(105, "db-clone", GuestType.QEMU, null,
                        List.of(new Nic(0, "vmbr0", true, null, List.of("10.0.0.12"))))));
        FwFile cluster = FwFileParser.parse("cluster.fw", FileKind.CLUSTER, null, null, ENABLED);
        List<FwFile> guests = List.of(FwFileParser.parse("102.fw", FileKind.GUEST, 102, null, ENABLED),
                FwFileParser.parse("105.fw", FileKind.GUEST, 105, null, ENABLED + "policy_in: ACCEPT\n"));
        RuleTracer tracer = RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.FLAT, cluster,
                List.of(), guests, inventory, null, "10.9.9.0/24", List.of()));

        // When
        TraceResult r = tracer.trace(TraceRequest.flow("198.51.100.7", "10.0.0.12", "tcp", 5432));

        // Then: one guest is traced, and the answer says the address is not that guest's alone
        assertThat(r.packet().to()).isEqualTo("vm102");
        assertThat(r.packet().assumed()).anyMatch(a -> a.startsWith("to vm102 (owner of 10.0.0.12)")
                && a.contains("10.0.0.12 is also configured on vm105, give --to vm105 to trace that guest"));
    }
}
