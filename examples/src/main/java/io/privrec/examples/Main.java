package io.privrec.examples;

import io.privrec.examples.cli.AnonymizeCommand;
import io.privrec.examples.cli.Args;
import io.privrec.examples.cli.Command;
import io.privrec.examples.cli.DemoCommand;
import io.privrec.examples.cli.EvaluateCommand;
import io.privrec.examples.cli.HomeCommand;
import io.privrec.examples.cli.PrivacyUtilityCommand;
import io.privrec.examples.cli.RecommendCommand;
import io.privrec.core.scoring.ScoringKernels;
import io.privrec.dp.budget.PrivacyBudgetExceededException;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Entry point of {@code privrec-examples.jar}: {@code java -jar privrec-examples.jar [command]
 * [options]}. Without a command it runs {@code demo}. Every command accepts {@code --help};
 * {@code --version} prints the version from the jar manifest.
 *
 * <p>Exit status: 0 success, 1 failure, 2 bad usage or a file that cannot be read (reported as
 * {@code cannot read FILE: no such file}), 3 out of memory (reported in one line with the maximum
 * heap and how to raise it).
 */
public final class Main {

  private Main() {}

  /** The registered subcommands, in the order shown by {@code --help}. */
  static Map<String, Command> commands() {
    Map<String, Command> commands = new LinkedHashMap<>();
    for (Command c : List.<Command>of(new DemoCommand(), new EvaluateCommand(), new RecommendCommand(),
        new PrivacyUtilityCommand(), new AnonymizeCommand(), new HomeCommand())) {
      commands.put(c.name(), c);
    }
    return commands;
  }

  /**
   * Runs the command line and exits with its status. A command runs on the Vector API scoring
   * kernels: without {@code --add-modules jdk.incubator.vector} the command is re-launched in a
   * child JVM that has it (see {@link Launcher}; {@code PRIVREC_NO_RELAUNCH=1} turns this off), and
   * the kernels in use are named once on stderr.
   */
  public static void main(String[] argv) {
    if (runsACommand(commands(), argv)) {
      Launcher.Decision decision = Launcher.decide();
      if (decision == Launcher.Decision.RELAUNCH) {
        int status = Launcher.relaunch(argv);
        if (status >= 0) {
          System.exit(status);
        }
        decision = Launcher.Decision.RUN_SCALAR_NO_JAVA;
      }
      System.err.println(Launcher.kernelLine(decision, ScoringKernels.implementation()));
    }
    int status = run(argv, System.out, System.err);
    System.out.flush();
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * True if {@code argv} runs a known command, false for the overview, {@code --help} and {@code
   * --version} (and unknown commands), which are not worth a second JVM or a kernel line.
   */
  static boolean runsACommand(Map<String, Command> commands, String[] argv) {
    List<String> args = Arrays.asList(argv);
    if (args.contains("--help") || args.contains("-h")) {
      return false;
    }
    if (!args.isEmpty() && List.of("help", "--version", "version").contains(args.get(0))) {
      return false;
    }
    return args.isEmpty() || args.get(0).startsWith("--") || commands.containsKey(args.get(0))
        || HOME_SHORTCUTS.contains(args.get(0));
  }

  /**
   * {@code ingest}, {@code fit}, {@code forget}, {@code export} and {@code report} are {@code home}
   * subcommands that may be typed without {@code home}, and so is {@code recommend} when it names a
   * {@code --home} (without one it is the batch {@code recommend} command).
   */
  static final List<String> HOME_SHORTCUTS = List.of("ingest", "fit", "forget", "export", "report");

  private static boolean isHomeShortcut(Map<String, Command> commands, String name, List<String> args) {
    return commands.containsKey("home") && !commands.containsKey(name) && HOME_SHORTCUTS.contains(name)
        || "recommend".equals(name) && commands.containsKey("home") && args.contains("--home");
  }

  /**
   * Runs the command line without exiting the JVM (used by tests and notebooks).
   *
   * @return the exit status: 0 success, 1 failure, 2 bad usage or an input file that cannot be
   *     read, 3 out of memory
   */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    return run(commands(), argv, out, err);
  }

  /** Runs the command line with the given subcommands (tests pass test doubles). */
  static int run(Map<String, Command> commands, String[] argv, PrintStream out, PrintStream err) {
    List<String> args = new ArrayList<>(Arrays.asList(argv));
    if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help"))) {
      out.print(overview(commands));
      return 0;
    }
    if (!args.isEmpty() && (args.get(0).equals("--version") || args.get(0).equals("version"))) {
      out.println(versionLine(Main.class.getPackage().getImplementationVersion()));
      return 0;
    }
    String name = args.isEmpty() || args.get(0).startsWith("--") ? "demo" : args.remove(0);
    if (isHomeShortcut(commands, name, args)) {
      args.add(0, name);
      name = "home";
    }
    Command command = commands.get(name);
    if (command == null) {
      err.println("unknown command '" + name + "'");
      err.print(overview(commands));
      return 2;
    }
    if (args.contains("--help") || args.contains("-h")) {
      out.print(command.help());
      return 0;
    }
    try {
      return command.run(Args.parse(args), out, err);
    } catch (IllegalArgumentException e) {
      err.println(name + ": " + e.getMessage());
      err.println("Try '" + name + " --help'.");
      return 2;
    } catch (OutOfMemoryError e) {
      err.println(name + ": " + outOfMemory(name, e, Runtime.getRuntime().maxMemory()));
      return 3;
    } catch (Exception e) {
      String file = fileProblem(e);
      if (file != null) {
        err.println(name + ": " + file);
        return 2;
      }
      if (e instanceof PrivacyBudgetExceededException) {
        err.println(name + ": " + e.getMessage());
        return 1;
      }
      err.println(name + ": failed: " + e);
      return 1;
    }
  }

  /**
   * The line printed by {@code --version}: {@code privrec <version>} with the jar manifest's
   * Implementation-Version, or a note that the version is unknown outside the jar.
   */
  static String versionLine(String implementationVersion) {
    return "privrec " + (implementationVersion == null ? "unknown (not run from a jar)" : implementationVersion);
  }

  /**
   * Describes an {@link OutOfMemoryError} in one line: what ran out, the maximum heap and how to
   * raise it.
   */
  static String outOfMemory(String command, OutOfMemoryError e, long maxHeapBytes) {
    String what = e.getMessage() == null || e.getMessage().isBlank() ? "Java heap space" : e.getMessage();
    boolean unlimited = maxHeapBytes == Long.MAX_VALUE;
    long maxGb = unlimited ? 0 : (maxHeapBytes + (1L << 30) - 1) >> 30;
    long suggested = Math.max(8, 2 * maxGb);
    return "out of memory (" + what + ")"
        + (unlimited ? "" : " with a maximum heap of " + (maxHeapBytes < 1L << 30
            ? (maxHeapBytes >> 20) + " MB"
            : String.format(Locale.ROOT, "%.1f GB", maxHeapBytes / (double) (1L << 30))))
        + "; the data does not fit. Give Java more memory, e.g. java -Xmx" + suggested + "g -jar privrec-examples.jar "
        + command + " …, or use less data.";
  }

  /**
   * Describes a file that cannot be opened (missing, unreadable, a directory), searching the
   * cause chain; null if {@code e} is not such a problem. The message names the path.
   */
  static String fileProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NoSuchFileException n) {
        Path file = Path.of(n.getFile());
        Path parent = file.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
          return "cannot open " + n.getFile() + ": no such directory " + parent;
        }
        return "cannot read " + n.getFile() + ": no such file";
      }
      if (t instanceof AccessDeniedException a) {
        Path file = Path.of(a.getFile());
        boolean reading = Files.exists(file) && !Files.isReadable(file);
        return "cannot " + (reading ? "read " : "write ") + a.getFile() + ": permission denied";
      }
      if (t instanceof FileSystemException f && f.getFile() != null) {
        String reason = f.getReason() == null ? "cannot be opened" : f.getReason().toLowerCase(Locale.ROOT);
        return "cannot open " + f.getFile() + ": " + reason;
      }
      if (t instanceof FileNotFoundException f) {
        return "cannot open " + f.getMessage();
      }
    }
    return null;
  }

  private static String overview(Map<String, Command> commands) {
    StringBuilder sb = new StringBuilder("usage: java -jar privrec-examples.jar [command] [options]\n\ncommands:\n");
    commands.values().forEach(c -> sb.append(String.format("  %-16s %s%n", c.name(), c.summary())));
    sb.append("\nWithout a command, 'demo' runs. '<command> --help' describes a command;"
        + " '--version' prints the version.\n");
    sb.append("\nexit status: 0 success, 1 failure, 2 bad usage or a file that cannot be read,"
        + " 3 out of memory\n(raise the heap with java -Xmx8g -jar privrec-examples.jar ...).\n");
    return sb.toString();
  }
}
