package ai.thinkheads.droptrace.streams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiSettingsTest {

    private static final String[] NAMES = {"--api-address", "--api-port", "--api-advertise HOST"};

    @Test
    void a_loopback_address_advertises_itself() {
        // When
        CorrelationService.ApiSettings api = CorrelationService.ApiSettings.of("127.0.0.1", 7340, null, NAMES);
        // Then
        assertThat(api.bind().getPort()).isEqualTo(7340);
        assertThat(api.advertisedHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void each_mistake_is_named_by_the_setting_as_it_was_written() {
        // When / Then
        assertThatThrownBy(() -> CorrelationService.ApiSettings.of("127.0.0.1", 70000, null, NAMES))
                .hasMessage("--api-port must be 0-65535, was 70000");
        assertThatThrownBy(() -> CorrelationService.ApiSettings.of("0.0.0.0", 7340, null, NAMES))
                .hasMessage("--api-address 0.0.0.0 listens on every interface; give --api-advertise HOST, "
                        + "the name other instances reach it by");
        assertThatThrownBy(() -> CorrelationService.ApiSettings.of("0.0.0.0", 7340, null,
                "correlator.apiAddress", "correlator.apiPort", "correlator.apiAdvertise"))
                .hasMessageStartingWith("correlator.apiAddress 0.0.0.0 listens on every interface; give correlator.apiAdvertise,");
        // (an unknown host name is not tried here: resolving it would send a DNS query off this machine)
    }

    @Test
    void an_advertised_host_that_is_no_host_name_or_address_is_named_before_kafka_streams_refuses_it() {
        // When / Then: Kafka Streams takes it as application.server host:port and fails at its start otherwise
        for (String advertise : new String[] {"not a url", "http://node1.example", "node1.example:7340", ""}) {
            assertThatThrownBy(() -> CorrelationService.ApiSettings.of("0.0.0.0", 7340, advertise,
                    "correlator.apiAddress", "correlator.apiPort", "correlator.apiAdvertise")).as(advertise)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("correlator.apiAdvertise '" + advertise + "' is not a host name or address");
        }
        assertThat(CorrelationService.ApiSettings.of("::", 7340, "fd00:10::12", NAMES).advertisedHost())
                .isEqualTo("fd00:10::12");
        assertThat(CorrelationService.ApiSettings.of("0.0.0.0", 7340, "10.0.0.12", NAMES).advertisedHost())
                .isEqualTo("10.0.0.12");
    }

    @Test
    void a_wildcard_address_with_an_advertised_host_is_accepted() {
        // When
        CorrelationService.ApiSettings api = CorrelationService.ApiSettings.of("0.0.0.0", 0, "node1.example", NAMES);
        // Then
        assertThat(api.advertisedHost()).isEqualTo("node1.example");
    }
    @Test
    void an_api_that_other_machines_reach_is_said_with_how_to_protect_it_and_a_loopback_one_is_not() {
        // When
        var wildcard = CorrelationService.ApiSettings.of("0.0.0.0", 7340, "node1.example", NAMES).exposure();
        var wildcard6 = CorrelationService.ApiSettings.of("::", 0, "node1.example", NAMES).exposure();
        var loopback = CorrelationService.ApiSettings.of("127.0.0.1", 7340, null, NAMES).exposure();
        var loopback6 = CorrelationService.ApiSettings.of("::1", 7340, null, NAMES).exposure();
        // Then: the URL alone said it before, with nothing about who may read the pairs' log lines
        assertThat(wildcard).hasValue("the query API listens on every interface (0.0.0.0) without authentication or "
                + "TLS: whoever reaches its port reads every pair's log lines, alerts and probe results; let only the "
                + "other correlator instances reach that port (the host's firewall), and people through a reverse "
                + "proxy with TLS and authentication (docs/correlator.md, Query API)");
        assertThat(wildcard6).hasValueSatisfying(w -> assertThat(w).startsWith("the query API listens on every "
                + "interface (::) without authentication"));
        assertThat(CorrelationService.ApiSettings.of("10.0.0.12", 7340, null, NAMES).exposure())
                .hasValueSatisfying(w -> assertThat(w).startsWith("the query API listens on 10.0.0.12, which other "
                        + "machines may reach, without authentication or TLS"));
        assertThat(loopback).isEmpty();
        assertThat(loopback6).isEmpty();
    }
}
