package ai.thinkheads.droptrace.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StateDirectoryTest {

    @Test
    void xdg_state_home_is_used_when_absolute_and_ignored_when_relative_or_empty() {
        // When / Then
        assertThat(StateDirectory.root("/var/lib/state", "/root")).isEqualTo(Path.of("/var/lib/state/droptrace"));
        // a relative value named another directory in every working directory: ignored, as the specification says
        assertThat(StateDirectory.root("state", "/root")).isEqualTo(Path.of("/root/.local/state/droptrace"));
        assertThat(StateDirectory.root("", "/root")).isEqualTo(Path.of("/root/.local/state/droptrace"));
        assertThat(StateDirectory.root(null, "/root")).isEqualTo(Path.of("/root/.local/state/droptrace"));
    }
}
