package io.privrec.examples;

import io.privrec.examples.cli.AnonymizeCommand;
import io.privrec.examples.cli.Args;
import io.privrec.examples.cli.Command;
import io.privrec.examples.cli.DemoCommand;
import io.privrec.examples.cli.EvaluateCommand;
import io.privrec.examples.cli.PrivacyUtilityCommand;
import io.privrec.examples.cli.RecommendCommand;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code privrec-examples.jar}: {@code java -jar privrec-examples.jar [command]
 * [options]}. Without a command it runs {@code demo}. Every command accepts {@code --help}.
 */
public final class Main {

  private Main() {}

  /** The registered subcommands, in the order shown by {@code --help}. */
  static Map<String, Command> commands() {
    Map<String, Command> commands = new LinkedHashMap<>();
    for (Command c : List.<Command>of(new DemoCommand(), new EvaluateCommand(), new RecommendCommand(),
        new PrivacyUtilityCommand(), new AnonymizeCommand())) {
      commands.put(c.name(), c);
    }
    return commands;
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] argv) {
    int status = run(argv, System.out, System.err);
    System.out.flush();
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the command line without exiting the JVM (used by tests and notebooks).
   *
   * @return the exit status: 0 success, 1 failure, 2 bad usage
   */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    Map<String, Command> commands = commands();
    List<String> args = new ArrayList<>(Arrays.asList(argv));
    if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help"))) {
      out.print(overview(commands));
      return 0;
    }
    String name = args.isEmpty() || args.get(0).startsWith("--") ? "demo" : args.remove(0);
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
    } catch (Exception e) {
      err.println(name + ": failed: " + e);
      return 1;
    }
  }

  private static String overview(Map<String, Command> commands) {
    StringBuilder sb = new StringBuilder("usage: java -jar privrec-examples.jar [command] [options]\n\ncommands:\n");
    commands.values().forEach(c -> sb.append(String.format("  %-16s %s%n", c.name(), c.summary())));
    sb.append("\nWithout a command, 'demo' runs. '<command> --help' describes a command.\n");
    return sb.toString();
  }
}
