package ai.thinkheads.droptrace.probes.exec;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.config.ProbeDefinition.ExecSettings;
import ai.thinkheads.droptrace.probes.dns.DigOutput;
import ai.thinkheads.droptrace.probes.dns.DnsQuery;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.tcp.ToolOutputs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code qm guest exec} prints around a command's streams, read back for every kind of probe from a VM. */
class GuestAgentOutputTest {

    static final List<String> QM = List.of("qm", "guest", "exec", "1001", "--", "dig");

    @Test
    void digs_answer_inside_the_agents_json_is_read_as_dig_printed_it() {
        // Given dig's output as qm guest exec prints it: JSON, its lines escaped in out-data, qm's own exit 0
        String qm = """
                {
                   "exitcode" : 0,
                   "exited" : 1,
                   "out-data" : ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4242\\n;; flags: qr aa rd ra; QUERY: 1, \
                ANSWER: 1\\n\\n;; ANSWER SECTION:\\nca.internal.thinkheads.ai. 0 IN A 10.0.0.10\\n\\n;; Query time: 0 msec\\n"
                }
                """;

        // When
        DnsQuery.Exchange exchange = DigOutput.read(GuestAgentOutput.unwrap(new CommandOutput(QM, 0, qm, "", false, 300)), 53,
                Duration.ofSeconds(5));

        // Then the expected answer is found, not 'answered no records'
        assertThat(exchange.finding("ca.internal.thinkheads.ai", "A", List.of("10.0.0.10")).outcome())
                .isEqualTo(ProbeOutcome.NOERROR);
    }

    @Test
    void the_commands_exit_code_and_error_stream_come_from_the_agents_answer() {
        // Given nc in the VM refused, qm itself exiting 0
        String qm = "{\"exitcode\":1,\"exited\":1,\"err-data\":\"nc: connect to 10.0.0.13 port 53 (tcp) failed: Connection refused\\n\"}";

        // When
        CommandOutput out = GuestAgentOutput.unwrap(new CommandOutput(QM, 0, qm, "", false, 300));

        // Then
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.stderr()).contains("Connection refused");
        assertThat(out.stdout()).isEmpty();
    }

    @Test
    void a_command_qm_stopped_waiting_for_is_not_a_success_of_exit_0() {
        // Given qm guest exec past its own --timeout (30 s by default) while the command still runs in the VM: qm
        // prints the pid alone, warns on stderr and exits 0 (the shape of Proxmox's qm.pm)
        CommandOutput qm = new CommandOutput(QM, 0, "{\n   \"pid\" : 4711\n}\n", "timeout reached, returning pid\n", false,
                30_500);

        // When
        CommandOutput out = GuestAgentOutput.unwrap(qm);
        Finding exec = ExecCheck.judge(qm, new ExecSettings(List.of("journalctl", "-u", "traefik"), null, null, null, null),
                Duration.ofSeconds(60));
        Finding tcp = ToolOutputs.tcp(out, 9443, Duration.ofSeconds(60));

        // Then: a command that has not finished, not an exec that passed nor an open port
        assertThat(out.timedOut()).isTrue();
        assertThat(exec.outcome()).isEqualTo(ProbeOutcome.EXEC_FAILED);
        assertThat(exec.explanation()).contains("qm guest exec stopped waiting").contains("pid 4711");
        assertThat(tcp.outcome()).isNotEqualTo(ProbeOutcome.OPEN);
    }

    @Test
    void json_a_tool_printed_itself_is_left_as_it_is() {
        // Given a JSON body curl printed, followed by its status line
        String curl = "{\"exitcode\": 3, \"exited\": true}\nDROPTRACE-HTTP 200 0.001 0.002\n";

        // When / Then
        assertThat(GuestAgentOutput.unwrap(new CommandOutput(QM, 0, curl, "", false, 300)).stdout()).isEqualTo(curl);
    }
}
