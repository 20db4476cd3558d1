package ai.thinkheads.droptrace.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ErrorHandlerTest {

    @Test
    void an_error_a_command_throws_is_one_line_and_exit_1_not_the_jvms_stack_trace() {
        // When
        StringWriter err = new StringWriter();
        int exit = ErrorHandler.execute(failing(err), "--class-init");

        // Then
        assertThat(exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString().lines()).containsExactly(
                "droptrace: unexpected failure: Shutdown in progress (run again with -v for details)");
    }

    @Test
    void out_of_memory_says_how_to_give_java_more() {
        // When
        StringWriter err = new StringWriter();
        int exit = ErrorHandler.execute(failing(err));

        // Then
        assertThat(exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString().lines()).containsExactly("droptrace: out of memory (Java heap space); give Java "
                + "more with DROPTRACE_JAVA_OPTS, e.g. DROPTRACE_JAVA_OPTS='-Xmx1g -XX:+UseSerialGC'");
    }

    @Test
    void with_v_the_error_comes_with_its_stack_trace() {
        // When
        StringWriter err = new StringWriter();
        int exit = ErrorHandler.execute(failing(err), "--class-init", "-v");

        // Then
        assertThat(exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).startsWith("droptrace: unexpected failure: Shutdown in progress")
                .contains("java.lang.ExceptionInInitializerError", "at ai.thinkheads.droptrace.cli.common.ErrorHandlerTest");
    }

    private static CommandLine failing(StringWriter err) {
        ErrorHandler handler = new ErrorHandler();
        return new CommandLine(new Failing()).setExecutionExceptionHandler(handler).setParameterExceptionHandler(handler)
                .setErr(new PrintWriter(err, true));
    }

    @Command(name = "failing")
    static final class Failing implements Callable<Integer> {
        @Mixin
        private CommonOptions common;

        @CommandLine.Option(names = "--class-init")
        private boolean classInit;

        @Override
        public Integer call() {
            // as a class whose static set-up failed, or a heap too small for what the command reads
            throw classInit ? new ExceptionInInitializerError(new IllegalStateException("Shutdown in progress"))
                    : new OutOfMemoryError("Java heap space");
        }
    }
}
