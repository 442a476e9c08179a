package dev.gale.e2e;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code java -jar launcher.jar ARGS}, or the launcher's main class on a class path of one's own, as a real process,
 * its output captured line by line; the signals a user or a process manager sends it, and what
 * {@code java -jar launcher.jar status} says about it.
 */
final class LauncherProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Gale ready on (http://\\S+/)");
    private static final String DEFAULT_SIGNALS = "--default-signal=HUP,INT,TERM";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String MAIN_CLASS = "dev.gale.launcher.Main";
    private static final Pattern IN_FLIGHT = Pattern.compile("\"requests_in_flight\":(\\d+)");

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<Thread> pumps;
    private URI base;

    private LauncherProcess(Process process) {
        this.process = process;
        this.pumps = List.of(pump(process.getInputStream(), stdout), pump(process.getErrorStream(), stderr));
    }

    /** Starts the launcher and returns without waiting for it; see {@link #awaitReady()} and {@link #awaitExit()}. */
    static LauncherProcess launch(Path jar, String... args) throws IOException {
        return launch(jar, List.of(), args);
    }

    /**
     * As {@link #launch(Path, String...)}, with {@code jvmOptions} (such as {@code -Xmx128m} or
     * {@code -Djava.io.tmpdir=...}) before {@code -jar}; they come after the default {@code -Xmx256m}, so an
     * {@code -Xmx} among them wins.
     */
    static LauncherProcess launch(Path jar, List<String> jvmOptions, String... args) throws IOException {
        List<String> java = new ArrayList<>(jvmOptions);
        java.addAll(List.of("-jar", jar.toString()));
        return launch(DEFAULT_SIGNALS, java, args);
    }

    /** Starts the launcher with {@code signal} ignored, as {@code nohup} starts a program with SIGHUP ignored. */
    static LauncherProcess launchIgnoring(String signal, Path jar, String... args) throws IOException {
        return launch("--ignore-signal=" + signal, List.of("-jar", jar.toString()), args);
    }

    /**
     * {@code env SIGNALS java -Xmx256m JAVA ARGS}. A build started from a shell's background job inherits SIGINT
     * ignored, and so would the launcher; env gives it the default handling a terminal's Ctrl-C or a process manager
     * finds. env execs, so the pid is the launcher's.
     */
    private static LauncherProcess launch(String signals, List<String> java, String... args) throws IOException {
        return launch(List.of(), Map.of(), signals, java, args);
    }

    /**
     * Starts the launcher as {@link #launch(Path, String...)} does, through {@code runner}, a command that execs
     * what follows it (such as {@code ip netns exec HOST}, so the pid stays the launcher's), with {@code environment}
     * added to its own; returns without waiting for it.
     */
    static LauncherProcess launchThrough(List<String> runner, Map<String, String> environment, Path jar, String... args)
            throws IOException {
        return launch(runner, environment, DEFAULT_SIGNALS, List.of("-jar", jar.toString()), args);
    }

    private static LauncherProcess launch(
            List<String> runner, Map<String, String> environment, String signals, List<String> java, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(runner);
        command.addAll(List.of("env", signals, javaBinary(), "-Xmx256m"));
        command.addAll(java);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return new LauncherProcess(builder.start());
    }

    /** Starts the launcher and waits for its ready line. */
    static LauncherProcess start(Path jar, String... args) throws Exception {
        return start(jar, List.of(), args);
    }

    /** Starts the launcher with {@code jvmOptions} and waits for its ready line. */
    static LauncherProcess start(Path jar, List<String> jvmOptions, String... args) throws Exception {
        LauncherProcess launcher = launch(jar, jvmOptions, args);
        try {
            launcher.awaitReady();
        } catch (RuntimeException | InterruptedException e) {
            launcher.close();
            throw e;
        }
        return launcher;
    }

    /**
     * Starts {@code java JVM_OPTIONS -cp CLASS_PATH dev.gale.launcher.Main ARGS}, as a developer runs the launcher
     * over the application's class directory, and returns without waiting for it.
     */
    static LauncherProcess launch(List<String> jvmOptions, List<Path> classPath, String... args) throws IOException {
        List<String> java = new ArrayList<>(jvmOptions);
        java.add("-cp");
        java.add(String.join(
                File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        java.add(MAIN_CLASS);
        return launch(DEFAULT_SIGNALS, java, args);
    }

    /** As {@link #launch(List, List, String...)}, then waits for the ready line. */
    static LauncherProcess start(List<String> jvmOptions, List<Path> classPath, String... args) throws Exception {
        LauncherProcess launcher = launch(jvmOptions, classPath, args);
        launcher.awaitReady();
        return launcher;
    }

    void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : stdout) {
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    base = URI.create(m.group(1));
                    return;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("launcher exited with " + process.exitValue() + ": " + output());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no ready line within " + START_TIMEOUT + ": " + output());
    }

    /** Waits for the process to end by itself and returns its exit status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("launcher still running: " + output());
        }
        for (Thread pump : pumps) {
            pump.join(5000);
        }
        return process.exitValue();
    }

    /** Waits at most {@code timeout} for the process to end by itself and returns its exit status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("launcher still running after " + timeout + ": " + output());
        }
        for (Thread pump : pumps) {
            pump.join(5000);
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -NAME pid}, as a user or a process manager sends it. */
    void signal(String name) throws IOException, InterruptedException {
        ProxyProcess.Result kill =
                ProxyProcess.run(List.of("kill", "-" + name, Long.toString(pid())), Duration.ofSeconds(10));
        if (kill.status() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid() + " failed: " + kill.output());
        }
    }

    /** {@code java -jar launcher.jar status --port=PORT} for this launcher's port, parsed. */
    Status status() throws IOException, InterruptedException {
        return Status.of(base.getPort());
    }

    /**
     * Waits until the launcher's processes count at least {@code count} requests in flight in all, asking each one's
     * admin port (listed in the group's run file) directly: the {@code status} command starts a JVM, which on a busy
     * machine can take longer than the request it should see.
     */
    void awaitInFlight(long count, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long inFlight = inFlight();
        while (inFlight < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(count + " requests not in flight within " + timeout + ": " + inFlight);
            }
            Thread.sleep(10);
            inFlight = inFlight();
        }
    }

    /** Sends the demo's {@code GET /long} (2 s) and waits until the launcher counts it in flight. */
    CompletableFuture<HttpResponse<String>> longInFlight(Duration timeout) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> response = client.sendAsync(
                HttpRequest.newBuilder(base.resolve("/long")).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight() < 1) {
            if (System.nanoTime() > deadline || response.isDone()) {
                throw new AssertionError("/long not in flight:\n" + output());
            }
            Thread.sleep(10);
        }
        return response;
    }

    /** Whether connecting to the launcher's port is refused within {@code timeout}: its listener closed. */
    boolean awaitRefused(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), base.getPort()), 5000);
            } catch (IOException refused) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** The requests in flight in all the launcher's serving processes, from their {@code /_gale/status}. */
    long inFlight() throws IOException {
        long inFlight = 0;
        for (int adminPort : adminPorts()) {
            Matcher m = IN_FLIGHT.matcher(
                    RawHttp.get("127.0.0.1", adminPort, "/_gale/status").body());
            if (m.find()) {
                inFlight += Long.parseLong(m.group(1));
            }
        }
        return inFlight;
    }

    /** The admin ports of the serving processes, from the run file of the group on this launcher's port. */
    List<Integer> adminPorts() throws IOException {
        String prefix = "gale-" + base.getPort() + "-";
        Properties properties = new Properties();
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            Optional<Path> runFile = files.filter(
                            path -> path.getFileName().toString().startsWith(prefix)
                                    && path.getFileName().toString().endsWith(".run"))
                    .findFirst();
            if (runFile.isEmpty()) {
                return List.of();
            }
            try (Reader reader = Files.newBufferedReader(runFile.get(), StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        }
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; properties.containsKey("member." + i); i++) {
            ports.add(Integer.parseInt(properties.getProperty("member." + i).split(" ")[2]));
        }
        return ports;
    }

    /** What {@code status} printed: one line per serving process, then the total and the supervisor's pid. */
    record Status(List<Member> members, long served, long supervisorPid, String text) {
        /** One serving process as {@code status} lists it; {@code answering} is false for "not answering". */
        record Member(long pid, int port, boolean answering, long served, long inFlight, long rssMegabytes) {}

        private static final Pattern MEMBER =
                Pattern.compile("(\\d+)\\s+(\\d+)\\s+(?:(\\d+)s\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)|(not answering))");
        private static final Pattern TOTAL =
                Pattern.compile("(\\d+) processes, (\\d+) requests served, supervisor pid (\\d+)");

        static Status of(int port) throws IOException, InterruptedException {
            return of(List.of(javaBinary(), "-jar", Artifacts.launcherJar().toString(), "status", "--port=" + port));
        }

        /** What {@code command}, a {@code status} command line, prints, parsed. */
        static Status of(List<String> command) throws IOException, InterruptedException {
            ProxyProcess.Result result = ProxyProcess.run(command, Duration.ofSeconds(30));
            if (result.status() != 0) {
                throw new AssertionError(command + " exited " + result.status() + ": " + result.output());
            }
            List<Member> members = new ArrayList<>();
            for (String line : result.output().split("\n")) {
                Matcher m = MEMBER.matcher(line.strip());
                if (m.matches()) {
                    boolean answering = m.group(7) == null;
                    members.add(new Member(
                            Long.parseLong(m.group(1)),
                            Integer.parseInt(m.group(2)),
                            answering,
                            answering ? Long.parseLong(m.group(4)) : -1,
                            answering ? Long.parseLong(m.group(5)) : -1,
                            answering ? Long.parseLong(m.group(6)) : -1));
                }
                Matcher total = TOTAL.matcher(line);
                if (total.matches()) {
                    if (Integer.parseInt(total.group(1)) != members.size()) {
                        throw new AssertionError(
                                "status lists " + members.size() + " of " + line + ":\n" + result.output());
                    }
                    return new Status(
                            List.copyOf(members),
                            Long.parseLong(total.group(2)),
                            Long.parseLong(total.group(3)),
                            result.output());
                }
            }
            throw new AssertionError("status printed no total line:\n" + result.output());
        }

        List<Long> pids() {
            return members.stream().map(Member::pid).toList();
        }

        long inFlight() {
            return members.stream().mapToLong(m -> Math.max(0, m.inFlight())).sum();
        }
    }

    /** Waits until a line of the log (stderr) contains {@code text}. */
    String awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : stderr) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no log line containing \"" + text + "\": " + output());
    }

    /** Waits until {@code count} lines of the log (stderr) contain {@code text}. */
    void awaitLogCount(String text, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stderr.stream().filter(line -> line.contains(text)).count() < count) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("not " + count + " log lines containing \"" + text + "\": " + output());
            }
            Thread.sleep(20);
        }
    }

    URI base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    /** The processes the launcher started that are still running, such as the JVMs it supervises. */
    List<ProcessHandle> descendants() {
        return process.descendants().filter(ProcessHandle::isAlive).toList();
    }

    /**
     * Stops the launcher as a terminal or a service manager does, with SIGTERM (its output stays readable), and
     * waits for it and every process it started to end.
     *
     * @return its exit status
     * @throws AssertionError when it outlives the stop timeout, or leaves a process of its own running (both are
     *     then killed)
     */
    int stop() throws InterruptedException {
        List<ProcessHandle> started = descendants();
        process.toHandle().destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            started.forEach(ProcessHandle::destroyForcibly);
            throw new AssertionError(
                    "the launcher still ran " + STOP_TIMEOUT.toSeconds() + " s after SIGTERM" + output());
        }
        List<ProcessHandle> left = awaitGone(started);
        for (Thread pump : pumps) {
            pump.join(5000);
        }
        if (!left.isEmpty()) {
            left.forEach(ProcessHandle::destroyForcibly);
            throw new AssertionError("the launcher exited and left " + left + " running" + output());
        }
        return process.exitValue();
    }

    List<String> stdout() {
        return stdout;
    }

    List<String> stderr() {
        return stderr;
    }

    HttpClient client() {
        return client;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String output() {
        return "\n--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n" + String.join("\n", stderr);
    }

    /** Stops the launcher if it still runs, and kills whatever it started that outlives it. */
    @Override
    public void close() {
        List<ProcessHandle> started = descendants();
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            awaitGone(started).forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            started.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    /** Those of {@code processes} still running after a few seconds' grace. */
    private static List<ProcessHandle> awaitGone(List<ProcessHandle> processes) throws InterruptedException {
        CompletableFuture<?>[] exits =
                processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture<?>[]::new);
        try {
            CompletableFuture.allOf(exits).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // some still run: the caller says which
        }
        return processes.stream().filter(ProcessHandle::isAlive).toList();
    }

    private static Thread pump(InputStream stream, List<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output closed: " + e + ")");
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
