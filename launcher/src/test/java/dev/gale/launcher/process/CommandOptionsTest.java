package dev.gale.launcher.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** status, reload and rolling-restart refuse a bad option with one line naming it and exit status 2. */
class CommandOptionsTest {
    private static String refusal(String command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = switch (command) {
                case "status" -> StatusCommand.run(List.of(args), o, e);
                case "reload" -> ReloadCommand.run(List.of(args), o, e);
                default -> RollingRestartCommand.run(List.of(args), o, e);
            };
        }
        assertEquals(2, status, err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            status          | --prot=1          | error: unknown option --prot (status takes --port, --address)
            status          | --port=x          | error: --port: "x" is not an integer
            reload          | --port            | error: --port needs a value
            reload          | 8888              | error: unexpected argument "8888" (options look like --port=8888)
            rolling-restart | --pots=8000       | error: unknown option --pots (rolling-restart takes --ports, --program, --supervisorctl)
            rolling-restart | --ports=8003-8000 | error: --ports: "8003-8000" is not a range of ports
            rolling-restart | --ports=          | error: --ports: give the group's ports, such as --ports=8000-8003
            rolling-restart | --ports=8000 --program=a;b | error: --program: "a;b" is not a name of letters, digits, - _ .
            """)
    void aBadOptionExitsTwoNamingIt(String command, String arguments, String line) {
        assertEquals(line + "\n", refusal(command, arguments.split(" ")));
    }
}
