package ai.thinkheads.droptrace.deploy.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.thinkheads.droptrace.deploy.lab.GuestClient.Connect;
import ai.thinkheads.droptrace.deploy.lab.GuestClient.ConnectOutcome;
import ai.thinkheads.droptrace.deploy.lab.LabDescription.Guest;
import ai.thinkheads.droptrace.deploy.lab.LabDescription.PathSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Phoenix lab for real: namespaces, the hand-written pve-firewall ruleset, NFLOG lines in
 * pvefw-logger's format, TLS with the lab PKI, DNS. Every deliberate fault must behave as
 * designed at the client, in the log and in the kernel's own rule trace; the working paths must
 * work; and the lab must leave nothing behind. Needs root (CI is root); skipped otherwise.
 */
class LabIT {

    private static final Duration LOG_DEADLINE = Duration.ofSeconds(15);
    private static final String TIME = "\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}";
    private static final String MAC = "MAC=(?:[0-9a-f]{2}:){13}[0-9a-f]{2}";
    private static final String IP_FIELDS = "LEN=\\d+ TOS=0x[0-9A-F]{2} PREC=0x[0-9A-F]{2} TTL=\\d+ ID=\\d+ (?:DF )?";
    private static final String SYN_TAIL = "SEQ=\\d+ ACK=0 WINDOW=\\d+ SYN (?:mark=\\d+ )?";

    private static final String PREFIX = "dtit" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    private static Path dir;
    private static NamespaceLab lab;
    private static LabDescription desc;

    @BeforeAll
    static void bringTheLabUp() throws IOException {
        Optional<String> unavailable = NamespaceLab.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "skipping the namespace lab: " + unavailable.orElse(""));
        dir = Files.createDirectories(Path.of("target", "lab-it").toAbsolutePath()).resolve(PREFIX);
        lab = NamespaceLab.up(PREFIX, dir);
        desc = lab.description();
    }

    @AfterAll
    static void tearTheLabDownAndLeaveNothingBehind() throws IOException {
        if (dir == null) {
            return;
        }
        List<Long> pids = recordedPids();
        List<String> namespaces = lab != null ? desc.namespaces() : List.of();
        CommandResult down = lab != null ? lab.down() : NamespaceLab.down(PREFIX, dir);
        assertThat(down.succeeded()).as(down.describe()).isTrue();
        CommandResult list = NamespaceLab.run(Duration.ofSeconds(10), List.of("ip", "netns", "list"));
        assertThat(list.stdout()).doesNotContain(PREFIX + "-");
        for (long pid : pids) {
            assertThat(alive(pid)).as("lab process %d still running", pid).isFalse();
        }
        for (String ns : namespaces) {
            assertThat(Path.of("/etc/netns", ns)).doesNotExist();
        }
        String links = NamespaceLab.run(Duration.ofSeconds(10), List.of("ip", "-o", "link")).stdout();
        assertThat(links).doesNotContain("fwbr101i0", "fwln102i0", "fwpr103p0", "tap1001i0", "vmbr0");
    }

    @Test
    void theLabComesUpDescribedAndItsLoggerAnnouncesItself() {
        // Given the lab that @BeforeAll brought up
        // When up runs again
        CommandResult again = lab.upAgain();

        // Then it is left alone, and the description and the log are as designed
        assertThat(again.succeeded()).as(again.describe()).isTrue();
        assertThat(again.stderr()).contains("already up");
        assertThat(desc.guests()).extracting(Guest::vmid).containsExactly(101, 102, 103, 1001);
        assertThat(desc.guest(1001).device()).isEqualTo("tap1001i0");
        assertThat(desc.guest(101).exec()).containsExactly("ip", "netns", "exec", PREFIX + "-101");
        assertThat(desc.configDir().resolve("firewall/102.fw")).exists();
        assertThat(desc.configDir().resolve("lxc/101.conf")).content().contains("net0: name=eth0,bridge=vmbr0,firewall=1,");
        assertThat(desc.pkiRoot()).exists();
        assertThat(lab.logLines().get(0)).matches("0 5 - " + TIME + " starting pvefw logger");
    }

    @Test
    void checkTargetAcceptsOnlyAddressesInsideTheLab() {
        // Given / When / Then
        assertThat(lab.isLabTarget(desc.guest(102).address())).isTrue();
        assertThat(lab.isLabTarget(desc.hypervisorAddress())).isTrue();
        assertThat(lab.isLabTarget(desc.cidr().replace(".0/24", ".99"))).isFalse();
        assertThat(lab.isLabTarget("192.0.2.1")).isFalse();
        // every namespace has a loopback, but 127.0.0.1 sent to from outside the lab is the machine's own
        assertThat(lab.isLabTarget("127.0.0.1")).isFalse();
    }

    @Test
    void aDefaultPolicyDropTimesOutAndIsLoggedByTheGuestChain() {
        PathSpec f1 = desc.path("F1");
        Connect probe = tracedConnect(f1);

        assertThat(probe.outcome()).as(probe.result().describe()).isEqualTo(ConnectOutcome.TIMEOUT);
        assertThat(loggedLine(f1, probe)).isPresent();
        assertKernelDecision(f1, probe, "drop");
    }

    @Test
    void aDropRuleWithoutLogDropsSilently() {
        PathSpec f2 = desc.path("F2");
        Connect probe = tracedConnect(f2);

        assertThat(probe.outcome()).as(probe.result().describe()).isEqualTo(ConnectOutcome.TIMEOUT);
        assertNothingLoggedFor(f2, probe);
        assertKernelDecision(f2, probe, "drop");
    }

    @Test
    void aSilentDropStaysSilentAfterTheBridgesForgotTheGuestsMacs() {
        // Given the bridges' learned MACs aged out (300 s idle) while the guests still know each other's
        PathSpec f2 = desc.path("F2");
        new GuestClient(lab, f2.from()).connect(f2.toAddress(), f2.port());
        for (String bridge : List.of("vmbr0", "fwbr101i0", "fwbr102i0", "fwbr103i0", "fwbr1001i0")) {
            CommandResult flush = NamespaceLab.run(Duration.ofSeconds(10), List.of("ip", "-n",
                    desc.hypervisorNamespace(), "link", "set", "dev", bridge, "type", "bridge", "fdb_flush"));
            assertThat(flush.succeeded()).as(flush.describe()).isTrue();
        }

        // When Traefik tries Step-CA again
        Connect probe = new GuestClient(lab, f2.from()).connect(f2.toAddress(), f2.port());

        // Then the SYN went to Step-CA alone: no other guest's firewall dropped and logged a copy of it
        assertThat(probe.outcome()).as(probe.result().describe()).isEqualTo(ConnectOutcome.TIMEOUT);
        assertNothingLoggedFor(f2, probe);
    }

    @Test
    void aFlipIsRefusedWhileATraceCaptureRuns() throws IOException {
        // Given a capture running (its rule map is that of the rules loaded now)
        String before = Files.readString(dir.resolve("etc/pve/firewall/102.fw"));
        lab.startTrace();
        CommandResult flip;
        try {
            // When F1 is flipped
            flip = lab.flip("F1", true);
        } finally {
            lab.stopTrace();
        }

        // Then the flip is refused, saying why, and nothing changed
        assertThat(flip.exitCode()).as(flip.describe()).isEqualTo(1);
        assertThat(flip.stderr()).contains("trace capture", "trace-capture stop");
        assertThat(Files.readString(dir.resolve("etc/pve/firewall/102.fw"))).isEqualTo(before);
    }

    @Test
    void aTraceCaptureTakesSecondsWithALeadingZeroAsDecimal() {
        // Given / When a capture for '08' seconds (bash arithmetic would read 08 as a bad octal number)
        Path trace = NamespaceLab.scriptsDir().orElseThrow().resolve("trace-capture");
        CommandResult start = NamespaceLab.run(Duration.ofSeconds(60), List.of(trace.toString(), "--prefix", PREFIX,
                "--dir", dir.toString(), "start", "08"));
        if (start.succeeded()) {
            lab.stopTrace();
        }

        // Then it started, for 8 s, without a shell error
        assertThat(start.succeeded()).as(start.describe()).isTrue();
        assertThat(start.stderr()).contains("at most 8s").doesNotContain("value too great");
    }

    @Test
    void aRejectRuleRefusesTheConnectionAndIsLogged() {
        PathSpec f3 = desc.path("F3");
        Connect probe = tracedConnect(f3);

        assertThat(probe.outcome()).as(probe.result().describe()).isEqualTo(ConnectOutcome.REFUSED);
        assertThat(loggedLine(f3, probe)).isPresent();
        assertKernelDecision(f3, probe, "reject");
    }

    @Test
    void aServiceThatIsDownIsRefusedByTheGuestWhileTheFirewallAccepts() {
        PathSpec f4 = desc.path("F4");
        Connect probe = tracedConnect(f4);

        assertThat(probe.outcome()).as(probe.result().describe()).isEqualTo(ConnectOutcome.REFUSED);
        assertNothingLoggedFor(f4, probe);
        assertKernelDecision(f4, probe, "accept");
    }

    @Test
    void anUntrustedCertificateFailsVerificationOnAReachablePort() {
        // Given Portainer's port, allowed by 1001.fw
        PathSpec f5 = desc.path("F5");
        GuestClient client = new GuestClient(lab, f5.from());
        String url = "https://" + f5.serverName() + ":" + f5.port() + "/api/system/status";

        // When it is fetched trusting the lab root, and trusting Portainer's own CA
        CommandResult withLabRoot = client.curl(f5.toAddress(), url, "--cacert", desc.pkiRoot().toString());
        CommandResult withItsOwnCa = client.curl(f5.toAddress(), url, "--cacert", desc.untrustedRoot().toString());

        // Then only the trust fails: curl's certificate error, and the service answers otherwise
        assertThat(withLabRoot.exitCode()).as(withLabRoot.describe()).isEqualTo(60);
        assertThat(withLabRoot.stderr()).contains("unable to get local issuer certificate");
        assertThat(withItsOwnCa.succeeded()).as(withItsOwnCa.describe()).isTrue();
        assertThat(json(withItsOwnCa.stdout()).path("Version").asText()).isNotBlank();
    }

    @Test
    void nginxReachesTraefiksWebEntrypoint() {
        PathSpec ok1 = desc.path("OK1");
        CommandResult ping = new GuestClient(lab, ok1.from())
                .curl(ok1.toAddress(), "http://traefik.internal.thinkheads.ai" + ok1.urlPath());

        assertThat(ping.succeeded()).as(ping.describe()).isTrue();
        assertThat(ping.stdout()).isEqualTo("OK");
    }

    @Test
    void stepCaAnswersHealthRootsAndPagesItsProvisionersOverTrustedTls() throws IOException {
        // Given Step-CA's API, trusted through the root on the lab's NFS share
        PathSpec ok2 = desc.path("OK2");
        GuestClient nginx = new GuestClient(lab, ok2.from());
        GuestClient portainer = new GuestClient(lab, desc.path("OK3").from());
        String base = "https://" + ok2.serverName() + ":" + ok2.port();
        String root = desc.pkiRoot().toString();

        // When health, roots and two pages of provisioners are fetched
        CommandResult health = nginx.curl(ok2.toAddress(), base + ok2.urlPath(), "--cacert", root);
        CommandResult roots = nginx.curl(ok2.toAddress(), base + "/roots", "--cacert", root);
        JsonNode first = json(portainer.curl(ok2.toAddress(), base + "/provisioners?limit=1", "--cacert", root).stdout());
        String cursor = first.path("nextCursor").asText();
        JsonNode second = json(portainer.curl(ok2.toAddress(), base + "/provisioners?limit=1&cursor=" + cursor,
                "--cacert", root).stdout());

        // Then each answers in step-ca's shape, and the ACME provisioner is on the second page
        assertThat(json(health.stdout()).path("status").asText()).as(health.describe()).isEqualTo("ok");
        assertThat(json(roots.stdout()).path("crts").get(0).asText()).isEqualTo(Files.readString(desc.pkiRoot()));
        assertThat(first.path("provisioners")).hasSize(1);
        assertThat(cursor).isNotEmpty();
        assertThat(second.path("provisioners").get(0).path("type").asText()).isEqualTo("ACME");
        assertThat(second.path("provisioners").get(0).path("challenges").toString()).contains("http-01", "tls-alpn-01");
        assertThat(second.path("nextCursor").asText()).isEmpty();
    }

    @Test
    void everyGuestResolvesTheLabNamesThroughTheHypervisorsDns() {
        for (Guest guest : desc.guests()) {
            GuestClient client = new GuestClient(lab, guest.vmid());
            desc.dnsNames().forEach((name, address) -> {
                CommandResult r = client.resolve(name);
                assertThat(r.stdout()).as(r.describe()).startsWith(address + " ");
            });
        }
    }

    // ------------------------------------------------------------------------------- helpers

    /** Connects along a path with the kernel's rule trace running. */
    private Connect tracedConnect(PathSpec path) {
        lab.startTrace();
        try {
            return new GuestClient(lab, path.from()).connect(path.toAddress(), path.port());
        } finally {
            traced = lab.stopTrace();
        }
    }

    private List<TraceDecision> traced = new ArrayList<>();

    /** The exact pvefw-logger line the path's log rule must have written for this probe. */
    private Optional<String> loggedLine(PathSpec path, Connect probe) {
        Guest from = desc.guest(path.from());
        Guest to = desc.guest(path.to());
        int vmid = to.vmid();
        Pattern line = Pattern.compile(vmid + " 6 " + Pattern.quote(path.logChain()) + " " + TIME + " "
                + Pattern.quote(path.logMessage())
                + "IN=fwbr" + vmid + "i0 OUT=fwbr" + vmid + "i0 PHYSIN=fwln" + vmid + "i0 PHYSOUT=" + to.device() + " "
                + "MAC=" + to.mac() + ":" + from.mac() + ":08:00 "
                + "SRC=" + Pattern.quote(from.address()) + " DST=" + Pattern.quote(to.address()) + " " + IP_FIELDS
                + "PROTO=TCP SPT=" + probe.sourcePort() + " DPT=" + path.port() + " " + SYN_TAIL);
        return lab.awaitLogLine(l -> line.matcher(l).matches(), LOG_DEADLINE);
    }

    /**
     * No line for this probe: proved by a later, logged marker (a SYN from the same guest to a
     * closed port of the hypervisor, dropped and logged by PVEFW-HOST-IN's policy). NFLOG keeps
     * order, so once the marker's line is there, the probe's line would be too.
     */
    private void assertNothingLoggedFor(PathSpec path, Connect probe) {
        Connect marker = new GuestClient(lab, path.from()).connect(desc.hypervisorAddress(), 9);
        Guest from = desc.guest(path.from());
        Pattern markerLine = Pattern.compile("0 6 PVEFW-HOST-IN " + TIME + " policy DROP: IN=vmbr0 PHYSIN=fwpr"
                + from.vmid() + "p0 " + MAC + " SRC=" + Pattern.quote(from.address()) + " DST="
                + Pattern.quote(desc.hypervisorAddress()) + " " + IP_FIELDS + "PROTO=TCP SPT=" + marker.sourcePort()
                + " DPT=9 " + SYN_TAIL);
        assertThat(marker.outcome()).isEqualTo(ConnectOutcome.TIMEOUT);
        assertThat(lab.awaitLogLine(l -> markerLine.matcher(l).matches(), LOG_DEADLINE)).isPresent();
        assertThat(lab.logLines()).noneMatch(l -> l.contains("SPT=" + probe.sourcePort() + " DPT=" + path.port() + " "));
    }

    /** The kernel's trace names the chain, verdict and config line the fault table promises. */
    private void assertKernelDecision(PathSpec path, Connect probe, String verdict) {
        List<TraceDecision> passes = traced.stream()
                .filter(d -> d.sport() == probe.sourcePort() && d.dport() == path.port())
                .filter(d -> d.chain() != null && d.chain().equals(path.kernelChain()))
                .toList();
        assertThat(passes).as("trace of %s: %s", path.id(), traced).isNotEmpty();
        assertThat(passes).allSatisfy(d -> {
            assertThat(d.verdict()).isEqualTo(verdict).isEqualTo(path.kernelVerdict());
            assertThat(d.sourceLocation()).isEqualTo(path.decidedBy().file() + ":" + path.decidedBy().line());
        });
        assertThat(desc.labDir().resolve(path.decidedBy().file())).content()
                .contains(path.decidedBy().text());
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static List<Long> recordedPids() throws IOException {
        Path pids = dir.resolve("pids");
        if (!Files.isDirectory(pids)) {
            return List.of();
        }
        List<Long> result = new ArrayList<>();
        try (var files = Files.list(pids)) {
            for (Path f : files.toList()) {
                result.add(Long.parseLong(Files.readString(f).strip().split("\\s+")[0]));
            }
        }
        return result;
    }

    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            return !state.equals("Z") && !state.equals("X");
        } catch (IOException e) {
            return false;
        }
    }
}
