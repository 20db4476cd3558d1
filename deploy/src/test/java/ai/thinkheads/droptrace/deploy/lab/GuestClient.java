package ai.thinkheads.droptrace.deploy.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded client commands run from inside one lab guest ({@code nc}, {@code curl},
 * {@code getent}), each refused unless its target address is inside the lab.
 */
final class GuestClient {

    /** What a TCP connect attempt saw. */
    enum ConnectOutcome { OK, REFUSED, TIMEOUT, OTHER }

    /** A connect attempt and the source port it used (to find its log line and trace). */
    record Connect(ConnectOutcome outcome, int sourcePort, CommandResult result) {}

    private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(30);

    private final NamespaceLab lab;
    private final int vmid;

    GuestClient(NamespaceLab lab, int vmid) {
        this.lab = lab;
        this.vmid = vmid;
    }

    /** {@code nc -z} with a 2 s connect timeout from a fixed, random source port. */
    Connect connect(String address, int port) {
        lab.requireLabTarget(address);
        int sourcePort = ThreadLocalRandom.current().nextInt(20_000, 30_000);
        CommandResult r = lab.inGuest(vmid, COMMAND_DEADLINE, "nc", "-v", "-z", "-w", "2",
                "-p", String.valueOf(sourcePort), address, String.valueOf(port));
        ConnectOutcome outcome;
        if (r.succeeded()) {
            outcome = ConnectOutcome.OK;
        } else if (r.stderr().contains("Connection refused")) {
            outcome = ConnectOutcome.REFUSED;
        } else if (r.stderr().contains("timed out")) {
            outcome = ConnectOutcome.TIMEOUT;
        } else {
            outcome = ConnectOutcome.OTHER;
        }
        return new Connect(outcome, sourcePort, r);
    }

    /** {@code curl} of a lab URL whose host name resolves (through the lab DNS) to {@code address}. */
    CommandResult curl(String address, String url, String... options) {
        lab.requireLabTarget(address);
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
        command.addAll(List.of(options));
        command.add(url);
        return lab.inGuest(vmid, COMMAND_DEADLINE, command.toArray(String[]::new));
    }

    /** Resolves a name with the guest's resolver (the lab's dnsmasq on the hypervisor). */
    CommandResult resolve(String name) {
        lab.requireLabTarget(lab.description().hypervisorAddress());
        return lab.inGuest(vmid, COMMAND_DEADLINE, "getent", "hosts", name);
    }
}
