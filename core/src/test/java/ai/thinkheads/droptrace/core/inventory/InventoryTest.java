package ai.thinkheads.droptrace.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryTest {

    private final Inventory phoenix = new Inventory("phoenix", List.of("10.0.0.13"), List.of(
            new Guest(101, "Nginx-Phoenix", GuestType.LXC, null,
                    List.of(new Nic(0, "vmbr0", true, "52:54:00:67:89:B3", List.of("10.0.0.153")))),
            new Guest(1001, "Portainer", GuestType.QEMU, null,
                    List.of(new Nic(0, "vmbr0", true, null, List.of("10.0.0.111"))))));

    @Test
    void guests_are_found_by_id_name_and_address() {
        assertThat(phoenix.byVmid(101)).get().extracting(Guest::name).isEqualTo("Nginx-Phoenix");
        assertThat(phoenix.byName("portainer")).get().extracting(Guest::vmid).isEqualTo(1001);
        assertThat(phoenix.byAddress("10.0.0.111")).get().extracting(Guest::zone).isEqualTo("vm1001");
        assertThat(phoenix.byAddress("10.0.0.13")).isEmpty();
        assertThat(phoenix.isHostAddress("10.0.0.13")).isTrue();
    }

    @Test
    void device_names_follow_the_guest_type() {
        assertThat(phoenix.byVmid(101).orElseThrow().device(0)).isEqualTo("veth101i0");
        assertThat(phoenix.byVmid(1001).orElseThrow().device(1)).isEqualTo("tap1001i1");
        assertThat(phoenix.byVmid(101).orElseThrow().nics().get(0).mac()).isEqualTo("52:54:00:67:89:b3");
    }

    @Test
    void a_duplicate_vmid_or_an_impossible_vmid_is_refused() {
        Guest g = new Guest(102, "a", GuestType.LXC, null, List.of());
        Guest other = new Guest(102, "b", GuestType.LXC, null, List.of());
        assertThatThrownBy(() -> new Inventory("h", List.of(), List.of(g, other)))
                .hasMessage("inventory lists vmid 102 more than once (a and b)");
        assertThatThrownBy(() -> new Guest(99, "x", GuestType.LXC, null, List.of())).hasMessageContaining("vmid");
    }
}
